"""Care: honors — models."""

__all__: list[str] = []
