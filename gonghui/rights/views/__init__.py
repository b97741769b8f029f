"""Rights' views, one module per domain."""
