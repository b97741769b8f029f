"""Membership operations, one module per concept (join, lifecycle, roster, requests)."""
