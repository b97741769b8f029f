"""Rights: legal — views."""
