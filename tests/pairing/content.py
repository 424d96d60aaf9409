"""What the pairing app's lists show (see tests/content.py), one module per concern."""

from .content_visits import LISTS as VISIT_LISTS

LISTS = {**VISIT_LISTS}
