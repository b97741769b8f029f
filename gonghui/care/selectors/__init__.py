"""Care's selectors, one module per domain."""
