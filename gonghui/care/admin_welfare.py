"""Care: welfare — admin, imported by care/admin.py."""
