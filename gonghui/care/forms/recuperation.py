"""Care: recuperation — forms."""
