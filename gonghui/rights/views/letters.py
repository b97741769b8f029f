"""Rights: letters — views."""
