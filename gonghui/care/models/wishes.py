"""Care: wishes — models."""

__all__: list[str] = []
