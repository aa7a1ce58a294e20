"""Maintenance tools for the help center's content (run them with `python -m tools.<name>`)."""
