"""Care: honors — selectors."""
