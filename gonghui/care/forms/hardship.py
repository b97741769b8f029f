"""Care: hardship — forms."""
