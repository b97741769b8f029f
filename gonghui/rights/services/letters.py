"""Rights: letters — services."""
