"""Care: hardship — indicators (core.indicators), imported by care/indicators.py."""
