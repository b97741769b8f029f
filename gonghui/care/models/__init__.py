"""Care's models, one module per domain: hardship files and assistance, condolence and welfare,
micro-wishes, recuperation, retirement honors and women-worker care."""
