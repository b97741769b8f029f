"""Care's forms, one module per domain (amounts: core.forms.MoneyField)."""
