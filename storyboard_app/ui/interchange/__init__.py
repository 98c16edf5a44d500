"""Import and export dialogs and their job progress and reports."""
