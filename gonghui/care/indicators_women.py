"""Care: women — indicators (core.indicators), imported by care/indicators.py."""
