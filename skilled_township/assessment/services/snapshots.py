"""The automatic figures as reviewers see them: computed for every township of a round and kept
(``FigureSnapshot``), so a score sheet shows the same evidence all day and says when it was computed.

Celery beat refreshes the figures of every round being scored each night (``tasks.refresh_figures``); closing a
round refreshes them a last time, and from then on they stay as the reviewers and the reports saw them. A figure
not yet computed for a township (a township assigned since the last refresh) is computed on the spot.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import AssessmentRound, FigureSnapshot, ReviewerAssignment
from . import figures


@dataclass(frozen=True)
class Snapshot:
    values: dict[str, dict[int, Decimal | None]]
    #: When the oldest of the values was computed; None when every value was computed just now.
    computed_at: datetime.datetime | None


def round_townships(round: AssessmentRound) -> list[int]:
    """The townships a round assesses: those with reviewers assigned."""
    return list(
        ReviewerAssignment.objects.filter(round=round).order_by().values_list("township_id", flat=True).distinct()
    )


@transaction.atomic
def refresh(round: AssessmentRound) -> int:
    """Compute every figure for every township of the round (one query a figure) and store it, replacing the
    previous values; returns how many values were stored."""
    ids = round_townships(round)
    if not ids:
        return 0
    now = timezone.now()
    values = figures.for_townships(figures.FIGURES, ids, round.year)
    rows = [
        FigureSnapshot(round=round, township_id=pk, key=key, value=by_township.get(pk), computed_at=now)
        for key, by_township in values.items()
        for pk in ids
    ]
    FigureSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["round", "township", "key"],
        update_fields=["value", "computed_at"],
    )
    return len(rows)


def refresh_scoring_rounds() -> dict[int, int]:
    """The nightly refresh: every round being scored; returns values stored per round year."""
    return {
        round.year: refresh(round) for round in AssessmentRound.objects.filter(status=AssessmentRound.Status.SCORING)
    }


def for_round(round: AssessmentRound, keys, township_ids: list[int]) -> Snapshot:
    """The named figures of the townships as stored for the round; any missing value is computed now."""
    keys = [key for key in dict.fromkeys(keys) if key in figures.FIGURES]
    values: dict[str, dict[int, Decimal | None]] = {key: {} for key in keys}
    oldest = None
    stored = FigureSnapshot.objects.filter(round=round, key__in=keys, township_id__in=township_ids).values_list(
        "key", "township_id", "value", "computed_at"
    )
    for key, township_id, value, computed_at in stored:
        values[key][township_id] = value
        oldest = computed_at if oldest is None else min(oldest, computed_at)
    missing = [key for key in keys if len(values[key]) < len(set(township_ids))]
    if missing:
        for key, computed in figures.for_townships(missing, township_ids, round.year).items():
            for township_id, value in computed.items():
                values[key].setdefault(township_id, value)
    return Snapshot(values=values, computed_at=oldest)
