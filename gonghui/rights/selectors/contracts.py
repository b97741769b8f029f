"""Rights: contracts — selectors."""
