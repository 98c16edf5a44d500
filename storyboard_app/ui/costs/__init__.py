"""The cost view: what a project's predictions cost, by shot, model and day."""
