"""Care: women — models."""

__all__: list[str] = []
