"""The read-only page of a legacy (v1) project and its migration."""
