"""The Qt layer: main window, views, item models, workers. Nothing below imports it."""
