"""Rights: letters — home, imported by rights/home.py."""
