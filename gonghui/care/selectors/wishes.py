"""Care: wishes — selectors."""
