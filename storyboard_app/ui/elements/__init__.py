"""The elements room: the project's cast, locations, props and styles, and the project look."""
