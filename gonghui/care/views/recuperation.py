"""Care: recuperation — views."""
