"""Care: hardship — services."""
