"""The prompt planner and the preview of drafted scenes and shots."""
