"""Rights: legal — selectors."""
