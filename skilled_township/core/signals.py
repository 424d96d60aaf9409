"""Signals that apps send without knowing who listens (the audit trail sits in an app above them)."""

from django.dispatch import Signal

#: Rows written in bulk, which skip the per-row save signals the audit trail listens to. ``sender`` is the
#: model; ``created`` and ``changed`` are lists of ``(row, {field: [before, after]})``.
bulk_saved = Signal()
