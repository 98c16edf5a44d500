"""The projects dashboard: cards, its item model and painting."""
