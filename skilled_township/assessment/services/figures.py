"""The automatic figures shown to reviewers beside the indicators: one function per figure, each computing it in
the database for a list of townships at once (one query, whatever the number of townships) for one year.

Every function takes township ids and a year and returns ``{township_id: value}`` (``None`` where the figure has
no basis, e.g. no cadre on the roster). The figures read the models directly, never another app's services.

Who counts as a township's cadre in a year: on the roster during the year — in post, or left on or after the
1st of January of that year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Certificate, ServiceRequest
from skilled_township.core.db_router import replica_reads
from skilled_township.learning.models import StudyRecord
from skilled_township.pairing.models import Household, HouseholdIncome, Pairing, Visit
from skilled_township.regions.models import Region, VillageIncome
from skilled_township.training.models import BaseStageChange, Disbursement, TrainingBase, TrainingSession

Values = dict[int, Decimal | None]
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    compute: Callable[[list[int], int], Values]


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _ratio(numerator, denominator, scale: int = 1) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator or 0) * scale / Decimal(denominator)).quantize(TWO)


def _cadres_in_year(year: int) -> Q:
    start, _end = _year_bounds(year)
    return Q(status=Cadre.Status.IN_POST) | Q(left_on__gte=start)


def _cadre_count(year: int) -> Subquery:
    """Per township (``OuterRef("pk")`` a Region): its cadres on the roster during ``year``."""
    counted = (
        Cadre.objects.filter(_cadres_in_year(year), township=OuterRef("pk"))
        .order_by()
        .values("township")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _townships(ids: Iterable[int]):
    return Region.objects.filter(pk__in=list(ids)).order_by()


def operating_bases(ids: list[int], year: int) -> Values:
    """示范基地阶段: how many of the township's bases were 运营 at the end of the year (the last stage change on or
    before the 31st of December; a base with no recorded change counts by its present stage)."""
    _start, end = _year_bounds(year)
    last_stage = (
        BaseStageChange.objects.filter(base=OuterRef("pk"), changed_on__lte=end)
        .order_by("-changed_on", "-id")
        .values("stage")[:1]
    )
    rows = (
        TrainingBase.objects.filter(township_id__in=ids)
        .annotate(stage_then=Coalesce(Subquery(last_stage), F("stage")))
        .order_by()
        .values("township_id")
        .annotate(n=Count("pk", filter=Q(stage_then=TrainingBase.Stage.OPERATING)))
    )
    found = {row["township_id"]: Decimal(row["n"]) for row in rows}
    return {pk: found.get(pk, Decimal(0)) for pk in ids}


def funds_disbursed(ids: list[int], year: int) -> Values:
    """基地建设资金拨付: yuan paid out in the year to the township's bases, every purpose."""
    rows = (
        Disbursement.objects.filter(allocation__base__township_id__in=ids, paid_on__year=year)
        .order_by()
        .values("allocation__base__township_id")
        .annotate(total=Sum("amount"))
    )
    found = {row["allocation__base__township_id"]: row["total"] for row in rows}
    return {pk: found.get(pk, Decimal("0.00")) for pk in ids}


def study_hours_per_cadre(ids: list[int], year: int) -> Values:
    """人均学习时数: hours in the study ledger in the year, divided by the cadres on the roster."""
    hours = (
        StudyRecord.objects.filter(cadre__township=OuterRef("pk"), studied_on__year=year)
        .order_by()
        .values("cadre__township")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    rows = _townships(ids).annotate(
        hours=Subquery(hours, output_field=DecimalField(max_digits=12, decimal_places=2)), roster=_cadre_count(year)
    )
    return {row.pk: _ratio(row.hours or 0, row.roster) for row in rows}


def certified_share(ids: list[int], year: int) -> Values:
    """持证率 (%): cadres holding a certificate that is valid (not revoked) and unexpired at the end of the year,
    among the cadres on the roster."""
    _start, end = _year_bounds(year)
    holds = Certificate.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=end),
        cadre=OuterRef("pk"),
        status=Certificate.Status.VALID,
        issued_on__lte=end,
    )
    certified = (
        Cadre.objects.filter(_cadres_in_year(year), township=OuterRef("pk"))
        .filter(Exists(holds))
        .order_by()
        .values("township")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = _townships(ids).annotate(
        certified=Coalesce(Subquery(certified, output_field=IntegerField()), 0), roster=_cadre_count(year)
    )
    return {row.pk: _ratio(row.certified, row.roster, 100) for row in rows}


def sessions_held(ids: list[int], year: int) -> Values:
    """培训课次: sessions of the township's training plans held in the year (dated up to today)."""
    today = timezone.localdate()
    rows = (
        TrainingSession.objects.filter(plan__township_id__in=ids, date__year=year, date__lte=today)
        .order_by()
        .values("plan__township_id")
        .annotate(n=Count("pk"))
    )
    found = {row["plan__township_id"]: Decimal(row["n"]) for row in rows}
    return {pk: found.get(pk, Decimal(0)) for pk in ids}


def visit_days_per_cadre(ids: list[int], year: int) -> Values:
    """人均走访天数: days on which a cadre visited a household (one a day however many visits), summed over the
    township's cadres and divided by the cadres on the roster."""
    one_day = Concat(
        Cast("cadre_id", output_field=CharField()), Value("-"), Cast("visited_on", output_field=CharField())
    )
    days = (
        Visit.objects.filter(cadre__township=OuterRef("pk"), visited_on__year=year)
        .order_by()
        .values("cadre__township")
        .annotate(n=Count(one_day, distinct=True))
        .values("n")
    )
    rows = _townships(ids).annotate(
        days=Coalesce(Subquery(days, output_field=IntegerField()), 0), roster=_cadre_count(year)
    )
    return {row.pk: _ratio(row.days, row.roster) for row in rows}


def _paired_in(year: int) -> Q:
    start, end = _year_bounds(year)
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def households_on_track(ids: list[int], year: int) -> Values:
    """帮扶对象达标率 (%): of the households paired during the year, those whose latest recorded per-capita net
    income (of that year or before) reaches their village's average line of the same year (seed 000: reach the
    village's average within two years). A household without an income, or whose village has no line for that
    year, is not on track."""
    paired = Pairing.objects.filter(_paired_in(year), household=OuterRef("pk"))
    latest = HouseholdIncome.objects.filter(household=OuterRef("pk"), year__lte=year).order_by("-year")
    line = VillageIncome.objects.filter(village=OuterRef("village"), year=OuterRef("income_year")).values(
        "per_capita_net_income"
    )[:1]
    rows = (
        Household.objects.filter(Exists(paired), village__parent_id__in=ids)
        .annotate(
            income=Subquery(latest.values("per_capita_net_income")[:1]),
            income_year=Subquery(latest.values("year")[:1]),
        )
        .annotate(line=Subquery(line))
        .order_by()
        .values("village__parent_id")
        .annotate(total=Count("pk"), on_track=Count("pk", filter=Q(income__gte=F("line"))))
    )
    found = {row["village__parent_id"]: _ratio(row["on_track"], row["total"], 100) for row in rows}
    return {pk: found.get(pk) for pk in ids}


def income_growth(ids: list[int], year: int) -> Values:
    """帮扶对象增收 (%): paired households' per-capita net income this year against last year, over the households
    with both years recorded: (Σ this year ÷ Σ last year − 1) × 100."""
    paired = Pairing.objects.filter(_paired_in(year), household=OuterRef("household"))
    last_year = HouseholdIncome.objects.filter(household=OuterRef("household"), year=year - 1).values(
        "per_capita_net_income"
    )[:1]
    rows = (
        HouseholdIncome.objects.filter(Exists(paired), year=year, household__village__parent_id__in=ids)
        .annotate(before=Subquery(last_year))
        .filter(before__isnull=False)
        .order_by()
        .values("household__village__parent_id")
        .annotate(now=Sum("per_capita_net_income"), then=Sum("before"))
    )
    found = {
        row["household__village__parent_id"]: (
            ((row["now"] / row["then"] - 1) * 100).quantize(TWO) if row["then"] else None
        )
        for row in rows
    }
    return {pk: found.get(pk) for pk in ids}


def service_satisfaction(ids: list[int], year: int) -> Values:
    """服务评价: the mean rating (1–5) the public gave the township's service requests rated in the year."""
    rows = (
        ServiceRequest.objects.filter(township_id__in=ids, rating__isnull=False, rated_at__year=year)
        .order_by()
        .values("township_id")
        .annotate(mean=Avg("rating"))
    )
    found = {row["township_id"]: Decimal(row["mean"]).quantize(TWO) for row in rows}
    return {pk: found.get(pk) for pk in ids}


FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure("operating_bases", _("运营中的示范基地"), _("个"), operating_bases),
        Figure("funds_disbursed", _("基地经费拨付"), _("元"), funds_disbursed),
        Figure("sessions_held", _("培训课次"), _("次"), sessions_held),
        Figure("study_hours_per_cadre", _("人均学习时数"), _("小时"), study_hours_per_cadre),
        Figure("certified_share", _("干部持证率"), "%", certified_share),
        Figure("visit_days_per_cadre", _("人均走访天数"), _("天"), visit_days_per_cadre),
        Figure("households_on_track", _("帮扶对象收入达标率"), "%", households_on_track),
        Figure("income_growth", _("帮扶对象增收幅度"), "%", income_growth),
        Figure("service_satisfaction", _("服务请求平均评价"), _("分（满分5）"), service_satisfaction),
    )
}


def choices() -> list[tuple[str, str]]:
    return [("", _("（无）")), *((key, figure.label) for key, figure in FIGURES.items())]


@replica_reads()
def for_townships(keys: Iterable[str], township_ids: list[int], year: int) -> dict[str, Values]:
    """Each named figure for every township: one query per figure (on the read replica when there is one)."""
    return {key: FIGURES[key].compute(township_ids, year) for key in dict.fromkeys(k for k in keys if k)}
