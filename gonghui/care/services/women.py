"""Care: women — services."""
