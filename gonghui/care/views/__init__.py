"""Care's views, one module per domain."""
