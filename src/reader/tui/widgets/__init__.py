"""Widgets of the reader TUI, one per module."""
