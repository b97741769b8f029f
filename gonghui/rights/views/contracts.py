"""Rights: contracts — views."""
