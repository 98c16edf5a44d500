"""Command-line tests of the data-safety behaviour."""
