"""Care: recuperation — indicators (core.indicators), imported by care/indicators.py."""
