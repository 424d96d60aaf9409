"""Access-matrix rows of the pairing app (see tests/access.py), one module per concern."""

from .access_visits import ROWS as VISIT_ROWS

ROWS = {**VISIT_ROWS}
