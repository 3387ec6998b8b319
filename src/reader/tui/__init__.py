"""The Textual interface of reader."""
