"""Care: wishes — services."""
