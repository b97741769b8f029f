"""Rights: letters — models."""

__all__: list[str] = []
