"""Search everywhere in the main window: the box (Ctrl+K) and its results panel."""
