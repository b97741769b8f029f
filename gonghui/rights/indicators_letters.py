"""Rights: letters — indicators, imported by rights/indicators.py."""
