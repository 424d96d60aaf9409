"""List content checks of the certifications app (see tests/content.py), one module per concern."""

from .service_content import LISTS as SERVICE_LISTS

LISTS = {**SERVICE_LISTS}
