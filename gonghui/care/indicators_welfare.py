"""Care: welfare — indicators (core.indicators), imported by care/indicators.py."""
