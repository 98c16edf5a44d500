"""The scenes and shots editor: tree model, undoable edits, the page."""
