"""Rules and writes of the roster, one module per concern: ``importing`` (the Excel import and its template),
``export``, ``transfers`` between townships, ``education`` structure against its targets, and cadres' own
sign-in ``accounts``."""
