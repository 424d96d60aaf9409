"""The monthly norm (seed 002: at least 10 village days a month): per cadre per month the days with a visit
(distinct dates) and the distinct households visited, against ``Norm.visit_days_per_month`` of their township.

Every logged visit counts towards the days; those the household confirmed are counted beside them, so a
secretary sees how much of a cadre's month rests on unconfirmed entries.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from skilled_township.cadres.models import Cadre
from skilled_township.regions.models import Region

from ..models import Norm, Pairing, Visit


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(day: datetime.date) -> tuple[int, int]:
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def visit_days_norms(townships: list[Region], year: int) -> dict[int, int]:
    """Township id → the village days a month its cadres owe in ``year`` (``Norm.for_regions``, one query)."""
    return {pk: norm.visit_days_per_month for pk, norm in Norm.for_regions(townships, year).items()}


def cadres_with_month(cadres: QuerySet[Cadre], year: int, month: int) -> QuerySet[Cadre]:
    """In-post cadres of ``cadres`` who held a pairing during the month, with ``visit_days``,
    ``confirmed_days`` and ``households_visited`` of that month counted by the database."""
    first, last = month_bounds(year, month)
    in_month = Q(visits__visited_on__gte=first, visits__visited_on__lte=last)
    confirmed = in_month & ~Q(visits__confirmation=Visit.Confirmation.NONE)
    paired = Pairing.objects.filter(cadre=OuterRef("pk"), started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    return (
        cadres.in_post()
        .filter(Exists(paired))
        .annotate(
            visit_days=Count("visits__visited_on", filter=in_month, distinct=True),
            confirmed_days=Count("visits__visited_on", filter=confirmed, distinct=True),
            households_visited=Count("visits__household", filter=in_month, distinct=True),
        )
        .select_related("township")
        .order_by("township__code", "name", "id")
    )


@dataclass
class CadreMonth:
    cadre: Cadre
    visit_days: int
    confirmed_days: int
    households_visited: int
    norm: int

    @property
    def short_by(self) -> int:
        return max(self.norm - self.visit_days, 0)

    @property
    def below(self) -> bool:
        return self.visit_days < self.norm


def month_rows(cadres: QuerySet[Cadre], year: int, month: int) -> list[CadreMonth]:
    """Every paired in-post cadre of ``cadres`` with the month's counts and their township's norm (two queries)."""
    found = list(cadres_with_month(cadres, year, month))
    norms = visit_days_norms(list({c.township_id: c.township for c in found}.values()), year)
    return [CadreMonth(c, c.visit_days, c.confirmed_days, c.households_visited, norms[c.township_id]) for c in found]


def below_norm(cadres: QuerySet[Cadre], year: int, month: int) -> list[CadreMonth]:
    """The cadres of ``cadres`` below the norm in the month (those without a single visit included), the
    furthest behind first."""
    rows = [row for row in month_rows(cadres, year, month) if row.below]
    return sorted(rows, key=lambda row: (-row.short_by, row.cadre.township.code, row.cadre.name))


#: A visit still unconfirmed this many days after it took place is pointed out to the township.
UNCONFIRMED_AFTER_DAYS = 7


def notices(user) -> list:
    """The home page's notices for those who keep the township's pairings (counted in their scope)."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import ngettext

    from skilled_township.core.navigation import Notice

    today = timezone.localdate()
    found = []
    year, month = previous_month(today)
    below = len(below_norm(Cadre.objects.visible_to(user), year, month))
    if below:
        text = ngettext(
            "上月有%(count)s名结对干部驻村走访未达标准", "上月有%(count)s名结对干部驻村走访未达标准", below
        ) % {"count": below}
        url = f"{reverse('pairing:norm_report')}?month={year:04d}-{month:02d}"
        found.append(Notice(text, url, below, key="visits-below-norm"))
    until = today - datetime.timedelta(days=UNCONFIRMED_AFTER_DAYS)
    stale = Visit.objects.visible_to(user).filter(confirmation=Visit.Confirmation.NONE, visited_on__lte=until).count()
    if stale:
        text = ngettext(
            "%(count)s篇民情日志超过%(days)s天仍未经农户确认",
            "%(count)s篇民情日志超过%(days)s天仍未经农户确认",
            stale,
        ) % {"count": stale, "days": UNCONFIRMED_AFTER_DAYS}
        url = f"{reverse('pairing:visit_list')}?confirmed=no&until={until.isoformat()}"
        found.append(Notice(text, url, stale, key="visits-unconfirmed"))
    return found
