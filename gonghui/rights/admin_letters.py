"""Rights: letters — admin, imported by rights/admin.py."""
