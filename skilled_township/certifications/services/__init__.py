"""Rules and writes, one module per concern, imported from the module that holds them."""
