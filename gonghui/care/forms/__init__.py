"""Care's forms, one module per domain."""
