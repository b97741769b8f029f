"""Rights: letters — forms."""
