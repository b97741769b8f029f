"""Care: hardship — views."""
