"""Care: hardship — admin, imported by care/admin.py."""
