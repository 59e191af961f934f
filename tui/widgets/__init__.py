"""Reusable widgets: they get data from their screen and send messages back up."""
