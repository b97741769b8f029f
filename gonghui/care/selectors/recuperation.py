"""Care: recuperation — selectors."""
