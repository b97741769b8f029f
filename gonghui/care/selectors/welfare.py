"""Care: welfare — selectors."""
