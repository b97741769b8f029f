"""Care: honors — admin, imported by care/admin.py."""
