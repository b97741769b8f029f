"""Care: honors — services."""
