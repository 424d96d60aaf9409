"""List filters, one module per concern (as the views)."""
