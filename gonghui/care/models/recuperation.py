"""Care: recuperation — models."""

__all__: list[str] = []
