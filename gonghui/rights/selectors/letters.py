"""Rights: letters — selectors."""
