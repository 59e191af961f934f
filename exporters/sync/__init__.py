"""`calepin sync`: posts two-way with a shared CalDAV calendar, meetings pulled into the hours.

Nothing here imports caldav, icalendar or keyring at module level: they load when a sync runs.
"""
