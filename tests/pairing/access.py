"""Access-matrix rows of the pairing app (see tests/access.py), one module per concern."""

from .pairing_rows import ROWS as PAIRING_ROWS

ROWS = {**PAIRING_ROWS}
