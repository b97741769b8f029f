"""Care: women — forms."""
