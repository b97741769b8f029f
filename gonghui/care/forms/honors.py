"""Care: honors — forms."""
