"""Primitives every view shares: background work, writes, generation queue, errors, thumbnails."""
