"""Care: hardship — selectors."""
