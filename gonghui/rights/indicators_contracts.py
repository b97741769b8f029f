"""Rights: contracts — indicators, imported by rights/indicators.py."""
