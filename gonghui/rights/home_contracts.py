"""Rights: contracts — home, imported by rights/home.py."""
