"""Scoring predicted events against hand-coded gold events (see ../shared/devset/README.md)."""
