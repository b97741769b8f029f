"""Rights: legal — home, imported by rights/home.py."""
