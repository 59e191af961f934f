"""The app's screens: week (home), month, backlog, log, summary, settings and help."""
