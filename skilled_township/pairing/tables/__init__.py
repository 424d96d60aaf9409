"""List tables, one module per concern (as the views)."""
