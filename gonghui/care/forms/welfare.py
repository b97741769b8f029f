"""Care: welfare — forms."""
