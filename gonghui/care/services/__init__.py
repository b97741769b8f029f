"""Care's services, one module per domain."""
