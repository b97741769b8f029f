"""Care: wishes — admin, imported by care/admin.py."""
