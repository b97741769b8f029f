"""Rights: contracts — admin, imported by rights/admin.py."""
