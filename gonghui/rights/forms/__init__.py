"""Rights' forms, one module per domain."""
