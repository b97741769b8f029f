"""Care: welfare — services."""
