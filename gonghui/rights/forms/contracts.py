"""Rights: contracts — forms."""
