"""The app's screens: week (home), month and backlog, plus the help screen."""
