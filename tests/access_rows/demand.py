"""Access-matrix rows for the demand pages (see tests/access.py for the roles and helpers)."""

from ..access import Access

ROWS: dict[str, Access] = {}
