"""Generated data files (see SOURCES.md for where they come from and their licences)."""
