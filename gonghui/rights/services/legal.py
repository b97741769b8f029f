"""Rights: legal — services."""
