"""Rights' services, one module per domain."""
