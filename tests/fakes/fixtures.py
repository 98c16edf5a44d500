"""Pytest fixtures for the fakes at the outside edge (the local Replicate-speaking server)."""
