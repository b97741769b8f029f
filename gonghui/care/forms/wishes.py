"""Care: wishes — forms."""
