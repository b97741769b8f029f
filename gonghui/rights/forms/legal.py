"""Rights: legal — forms."""
