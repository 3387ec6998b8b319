"""Screens of the reader TUI, one per module."""
