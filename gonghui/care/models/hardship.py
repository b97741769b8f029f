"""Care: hardship — models."""

__all__: list[str] = []
