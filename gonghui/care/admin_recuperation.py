"""Care: recuperation — admin, imported by care/admin.py."""
