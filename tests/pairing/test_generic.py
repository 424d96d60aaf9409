"""The generic create/edit/API cases of the pairing app (see tests/generic.py), one module per concern."""

from .generic_visits import TestNorm, TestVisit, TestVisitAmendment

__all__ = ["TestNorm", "TestVisit", "TestVisitAmendment"]
