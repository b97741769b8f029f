"""Care: recuperation — services."""
