"""Forms, one module per concern (as the views)."""
