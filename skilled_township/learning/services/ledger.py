"""The study ledger (学习台账): monthly summaries (一月一述学), a cadre's own page, and one study session logged
for several cadres at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from skilled_township.cadres.models import Cadre
from skilled_township.regions.models import Region

from ..models import LearningPlan, PlanItem, StudyRecord
from .plans import applicable_rule, shortfalls


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following


@dataclass
class CadreMonth:
    cadre: Cadre
    records: list
    total_hours: Decimal
    by_mode: list[dict]


def monthly_summary_for_cadre(cadre: Cadre, year: int, month: int) -> CadreMonth:
    first, following = month_bounds(year, month)
    records = cadre.study_records.filter(studied_on__gte=first, studied_on__lt=following).select_related("skill")
    by_mode = list(records.order_by().values("mode").annotate(hours=Sum("hours"), count=Count("id")).order_by("mode"))
    for row in by_mode:
        row["label"] = StudyRecord.Mode(row["mode"]).label
    total = sum((row["hours"] for row in by_mode), Decimal("0"))
    return CadreMonth(cadre, list(records.order_by("studied_on", "id")), total, by_mode)


@dataclass
class CadreLearning:
    """A cadre's own page (我的学习): this year's plan with the hours studied in each skill, and this month."""

    cadre: Cadre
    year: int
    plan: LearningPlan | None
    items: list[PlanItem]
    problems: list[str]
    year_hours: Decimal
    month: CadreMonth


def cadre_learning(cadre: Cadre, today: datetime.date) -> CadreLearning:
    year = today.year
    items_with_skills = PlanItem.objects.select_related("skill__category")
    plans = LearningPlan.objects.filter(cadre=cadre, year=year)
    plan = plans.prefetch_related(Prefetch("items", queryset=items_with_skills)).first()
    items = list(plan.items.all()) if plan is not None else []
    studied = cadre.study_records.filter(studied_on__year=year).order_by().values("skill")
    hours = dict(studied.annotate(hours=Sum("hours")).values_list("skill", "hours"))
    for item in items:
        item.year_hours = hours.get(item.skill_id, Decimal("0"))
    problems = shortfalls(plan, applicable_rule(cadre.township, year))
    return CadreLearning(
        cadre=cadre,
        year=year,
        plan=plan,
        items=items,
        problems=problems,
        year_hours=sum(hours.values(), Decimal("0")),
        month=monthly_summary_for_cadre(cadre, year, today.month),
    )


@dataclass
class TownshipMonth:
    township: Region
    rows: list[Cadre]  # in-post cadres annotated with month_hours and month_records
    cadres: int
    studying: int
    total_hours: Decimal

    @property
    def share_studying(self) -> Decimal:
        """Share (%) of in-post cadres with any study this month."""
        if not self.cadres:
            return Decimal("0")
        return (Decimal(self.studying) * 100 / self.cadres).quantize(Decimal("0.1"))


def township_monthly_summary(township: Region, year: int, month: int) -> TownshipMonth:
    first, following = month_bounds(year, month)
    in_month = Q(study_records__studied_on__gte=first, study_records__studied_on__lt=following)
    rows = list(
        Cadre.objects.filter(township=township)
        .in_post()
        .annotate(
            month_hours=Coalesce(
                Sum("study_records__hours", filter=in_month), Value(Decimal("0"), output_field=DecimalField())
            ),
            month_records=Count("study_records", filter=in_month),
        )
        .order_by("-month_hours", "name", "id")
    )
    studying = sum(1 for cadre in rows if cadre.month_records)
    total = sum((cadre.month_hours for cadre in rows), Decimal("0"))
    return TownshipMonth(township, rows, len(rows), studying, total)
