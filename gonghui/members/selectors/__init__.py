"""Membership reads and access, one module per concept."""
