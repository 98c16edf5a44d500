"""The search palette (Ctrl+K): every image of every project by words, model or seed."""
