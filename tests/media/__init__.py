"""Tests of the media store: collection, trash, store identity."""
