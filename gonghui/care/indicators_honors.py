"""Care: honors — indicators (core.indicators), imported by care/indicators.py."""
