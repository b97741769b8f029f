"""Care: women — views."""
