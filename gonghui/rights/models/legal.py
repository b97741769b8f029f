"""Rights: legal — models."""

__all__: list[str] = []
