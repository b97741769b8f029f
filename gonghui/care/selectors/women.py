"""Care: women — selectors."""
