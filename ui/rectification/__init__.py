"""整改事项 pages and dialogs."""
