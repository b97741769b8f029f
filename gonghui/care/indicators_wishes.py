"""Care: wishes — indicators (core.indicators), imported by care/indicators.py."""
