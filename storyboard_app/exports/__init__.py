"""Every export of a project (video, PDF, OTIO, CSV, images) and the one entry both faces call."""
