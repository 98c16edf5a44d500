"""Local media: the content-addressed store, thumbnails, video assembly (ffmpeg). No Qt."""
