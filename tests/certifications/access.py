"""Access-matrix rows of the certifications app (see tests/access.py), one module per concern."""

from .service_access import ROWS as SERVICE_ROWS

ROWS = {**SERVICE_ROWS}
