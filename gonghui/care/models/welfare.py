"""Care: welfare — models."""

__all__: list[str] = []
