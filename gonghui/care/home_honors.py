"""Care: honors — home cards and modules (core.homes), imported by care/home.py."""
