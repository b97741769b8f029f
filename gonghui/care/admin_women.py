"""Care: women — admin, imported by care/admin.py."""
