"""Rights: contracts — services."""
