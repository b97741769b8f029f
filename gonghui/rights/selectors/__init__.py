"""Rights' selectors, one module per domain."""
