"""Income targets and early warning (seed 000): within ``Pairing.TARGET_YEARS`` years of being paired, an
assisted household's per-capita net income should reach its village's average line.

The rule, per pairing, worked out in the database (so lists filter, sort and count by it):

* ``income``: the household's latest recorded per-capita net income, of year ``y``;
* ``line``: its village's average line (``regions.VillageIncome``) of the same year ``y``;
* ``gap`` = ``line`` − ``income``; ``target_year`` = the year the pairing started + 2; ``years_left`` =
  ``target_year`` − ``y``;
* the yearly growth needed to close the gap by the target year, compounded:
  ``needed = (line / income) ** (1 / years_left) − 1`` (the line is held at its year-``y`` value: the page
  says so);
* the household's observed growth: from its previous recorded income ``p`` (year ``y_p`` < ``y``),
  ``observed = (income / p) ** (1 / (y − y_p)) − 1``.

Status, the first that applies:

1. 未录入 (``missing``): no income recorded yet, or no village line for year ``y`` (the row says which);
2. 达标 (``reached``): ``income`` ≥ ``line``;
3. 滞后 (``behind``): the deadline has passed (``y`` ≥ ``target_year``) and the income is still below the line;
4. 按期 (``on_track``): there is an earlier income ``p`` > 0 and, growing at the observed rate, the income
   reaches the line by the target year: ``income × (income / p) ** (years_left / (y − y_p)) ≥ line``
   (the same as ``observed ≥ needed``);
5. 滞后 (``behind``): otherwise — no growth observed yet (a single year of income, or a falling one) or too
   slow to close the gap in time.

Worked example (tests/pairing/test_targets.py): paired 2025-03-01, so target year 2027. Incomes 2024: 8,000
and 2025: 10,000; village line 2025: 12,100. Gap 2,100; years left 2027 − 2025 = 2; needed growth
√(12,100 / 10,000) − 1 = 10%; observed growth 10,000 / 8,000 − 1 = 25%; projected 10,000 × 1.25² = 15,625 ≥
12,100 → 按期. With 2024: 9,500 instead, observed 5.26%, projected 10,000 × (10,000/9,500)² = 11,080 < 12,100
→ 滞后.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Left, Power
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from skilled_township.regions.models import Region, VillageIncome

from ..models import HouseholdIncome, Member, Norm, Pairing
from . import skills_share


class TargetStatus(models.TextChoices):
    REACHED = "reached", _("达标")
    ON_TRACK = "on_track", _("按期")
    BEHIND = "behind", _("滞后")
    MISSING = "missing", _("未录入")


#: Shown on a 未录入 row: what is missing.
NO_INCOME = _("未录入农户收入")
NO_LINE = _("未录入该年度村人均纯收入线")

#: The statuses of the at-risk list, as the secretary acts on them.
AT_RISK = (TargetStatus.BEHIND, TargetStatus.MISSING)

MONEY = DecimalField(max_digits=12, decimal_places=2)


def with_targets(pairings: models.QuerySet[Pairing]) -> models.QuerySet[Pairing]:
    """``pairings`` annotated with the figures and status of the rule above (see the module's docstring):
    ``income``, ``income_year``, ``line``, ``gap``, ``target_year_value``, ``previous_income``,
    ``previous_year`` and ``target_status``.

    Everything is worked out in one correlated subquery on the household's latest income row (incomes are
    unique per household and year, so each look-up is an index probe): there the previous income and the
    village's line of the same year are simple look-ups by that row's own columns, where computing them from
    the outer query repeated the latest-income look-up inside every expression that used it. A fixed number
    of queries whatever the number of pairings."""
    latest = HouseholdIncome.objects.filter(household=OuterRef("household")).order_by("-year")
    earlier = HouseholdIncome.objects.filter(household=OuterRef("household"), year__lt=OuterRef("year"))
    earlier = earlier.order_by("-year")
    line = VillageIncome.objects.filter(village=OuterRef("household__village"), year=OuterRef("year")).order_by()
    latest = latest.annotate(
        p_income=Subquery(earlier.values("per_capita_net_income")[:1]),
        p_year=Subquery(earlier.values("year")[:1]),
        v_line=Subquery(line.values("per_capita_net_income")[:1]),
        t_year=ExtractYear(OuterRef("started_on")) + Pairing.TARGET_YEARS,
    )
    income = Cast("per_capita_net_income", FloatField())
    projected = ExpressionWrapper(
        income
        * Power(
            income / Cast("p_income", FloatField()),
            Cast(F("t_year") - F("year"), FloatField()) / Cast(F("year") - F("p_year"), FloatField()),
        ),
        output_field=FloatField(),
    )
    latest = latest.annotate(
        gap=ExpressionWrapper(F("v_line") - F("per_capita_net_income"), output_field=MONEY),
        status=Case(
            When(v_line__isnull=True, then=Value(TargetStatus.MISSING.value)),
            When(per_capita_net_income__gte=F("v_line"), then=Value(TargetStatus.REACHED.value)),
            When(year__gte=F("t_year"), then=Value(TargetStatus.BEHIND.value)),
            When(
                Q(p_income__isnull=True) | Q(p_income__lte=0) | Q(per_capita_net_income__lte=0),
                then=Value(TargetStatus.BEHIND.value),
            ),
            When(GreaterThanOrEqual(projected, Cast("v_line", FloatField())), then=Value(TargetStatus.ON_TRACK.value)),
            default=Value(TargetStatus.BEHIND.value),
            output_field=models.CharField(),
        ),
    )

    def first(column: str, output=None):
        return Subquery(latest.values(column)[:1], output_field=output)

    return pairings.annotate(
        income=first("per_capita_net_income"),
        income_year=first("year"),
        previous_income=first("p_income", MONEY),
        previous_year=first("p_year", models.IntegerField()),
        line=first("v_line", MONEY),
        gap=first("gap", MONEY),
        target_year_value=ExtractYear("started_on") + Pairing.TARGET_YEARS,
        # No income row at all: nothing to compare.
        target_status=Coalesce(first("status", models.CharField()), Value(TargetStatus.MISSING.value)),
    )


@dataclass(frozen=True)
class Target:
    """One pairing's figures, read from the annotations of :func:`with_targets`, for a page or the API."""

    status: str
    income: Decimal | None
    income_year: int | None
    line: Decimal | None
    gap: Decimal | None
    target_year: int
    #: The yearly growth needed to close the gap by the target year, in percent (``None``: nothing to close,
    #: or no year left).
    needed_growth: Decimal | None
    #: The household's observed yearly growth from its previous income, in percent (``None``: no earlier income).
    observed_growth: Decimal | None
    #: Why a 未录入 row has no status.
    missing: str = ""

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)

    @property
    def years_left(self) -> int | None:
        return None if self.income_year is None else self.target_year - self.income_year


def yearly_rate(start: Decimal, end: Decimal, years: int) -> Decimal | None:
    """The compound yearly growth from ``start`` to ``end`` over ``years``, in percent, to one decimal."""
    if years <= 0 or start is None or end is None or start <= 0:
        return None
    rate = (float(end) / float(start)) ** (1 / years) - 1
    return Decimal(str(round(rate * 100, 1)))


def target_of(pairing: Pairing) -> Target:
    """The figures of one pairing annotated by :func:`with_targets`."""
    income, line, year = pairing.income, pairing.line, pairing.income_year
    target_year = pairing.target_year_value
    needed = None
    if pairing.target_status in (TargetStatus.ON_TRACK, TargetStatus.BEHIND) and income is not None:
        needed = yearly_rate(income, line, target_year - year)
    observed = None
    if pairing.previous_income is not None and income is not None:
        observed = yearly_rate(pairing.previous_income, income, year - pairing.previous_year)
    missing = ""
    if pairing.target_status == TargetStatus.MISSING:
        missing = str(NO_INCOME if income is None else NO_LINE)
    return Target(
        status=pairing.target_status,
        income=income,
        income_year=year,
        line=line,
        gap=pairing.gap,
        target_year=target_year,
        needed_growth=needed,
        observed_growth=observed,
        missing=missing,
    )


def at_risk(pairings: models.QuerySet[Pairing]) -> models.QuerySet[Pairing]:
    """Active pairings that are 滞后 or 未录入, the largest gap first (those with nothing recorded last)."""
    return (
        with_targets(pairings.active())
        .filter(target_status__in=[status.value for status in AT_RISK])
        .order_by(F("gap").desc(nulls_last=True), "household__village__code", "id")
    )


# --- The summary per county and township --------------------------------------------------------------------


@dataclass
class SummaryRow:
    region: Region
    counts: dict[str, int] = field(default_factory=dict)
    labour: int = 0
    skilled: int = 0
    skill_target: Decimal = Norm.DEFAULT_SKILL_SHARE

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def skill_share(self) -> Decimal | None:
        """The share of labour-capable members of assisted households who master a skill by the year, in %
        (rounded as ``skills_share.SkillShare.share``)."""
        return skills_share.SkillShare(region=self.region, year=0, labour=self.labour, skilled=self.skilled).share

    @property
    def skill_short(self) -> bool:
        return self.skill_share is not None and self.skill_share < self.skill_target


@dataclass
class Summary:
    region: Region
    rows: list[SummaryRow]
    total: SummaryRow


def _children_of(region: Region) -> list[Region]:
    if region.level == Region.Level.TOWNSHIP:
        return [region]
    return list(Region.objects.filter(parent=region).order_by("code"))


def counts_by_status() -> dict[str, Count]:
    """Aggregates counting pairings annotated by ``with_targets``, one per target status (keyed by its value)."""
    return {status: Count("id", filter=Q(target_status=status)) for status in TargetStatus.values}


def _child_key(region: Region) -> str:
    """How many leading digits of a row's division code tell the children of ``region`` apart: the county's 6
    under the city, the township's 9 under a county (and for a township, itself)."""
    return 6 if region.level == Region.Level.CITY else 9


def summary(region: Region, pairings: models.QuerySet[Pairing], members: models.QuerySet[Member], year: int) -> Summary:
    """Active pairings under ``region`` counted per status for each child (a county under the city, a township
    under a county, the township itself), with the skill share of ``skills_share`` (labour-capable members of
    assisted households who master a skill by ``year``) against the norm of the year. Three
    queries whatever the size: the counts, the skill figures, the norms. ``pairings`` and ``members``: what
    the user may see."""
    children = _children_of(region)
    digits = _child_key(region)
    per_child = (
        with_targets(pairings.active().under(region))
        .annotate(child=Left("household__village__code", digits))
        .values("child")
        .annotate(**counts_by_status())
        .order_by()
    )
    by_child = {row["child"]: row for row in per_child}
    by_child_members = skills_share.counts_by_prefix(members.under(region), year, digits)
    norms = Norm.for_regions([*children, region], year)
    rows = []
    for child in children:
        key = child.code[:digits]
        found = by_child.get(key, {})
        people = by_child_members.get(key, {})
        rows.append(
            SummaryRow(
                region=child,
                counts={status: found.get(status, 0) for status in TargetStatus.values},
                labour=people.get("labour", 0),
                skilled=people.get("skilled", 0),
                skill_target=norms[child.pk].skill_share_percent,
            )
        )
    total = SummaryRow(
        region=region,
        counts={status: sum(row.counts[status] for row in rows) for status in TargetStatus.values},
        labour=sum(row.labour for row in rows),
        skilled=sum(row.skilled for row in rows),
        skill_target=norms[region.pk].skill_share_percent,
    )
    return Summary(region=region, rows=rows, total=total)
