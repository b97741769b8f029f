"""Rights: legal — indicators, imported by rights/indicators.py."""
