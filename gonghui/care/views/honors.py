"""Care: honors — views."""
