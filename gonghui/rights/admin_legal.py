"""Rights: legal — admin, imported by rights/admin.py."""
