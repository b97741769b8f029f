"""Care: wishes — views."""
