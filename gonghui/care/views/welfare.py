"""Care: welfare — views."""
