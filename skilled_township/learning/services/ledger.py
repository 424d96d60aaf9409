"""The study ledger (学习台账): monthly summaries (一月一述学), a cadre's own page, and one study session logged
for several cadres at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, FilteredRelation, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from skilled_township.accounts import audit
from skilled_township.cadres.models import Cadre
from skilled_township.core.signals import bulk_saved
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
    """Every in-post cadre of the township with their hours and records in the month, the most hours first.

    The month is a condition of the join (``FilteredRelation``), not a filter of the sums: the database then
    reads only the month's records, not every record the township's cadres ever logged (make bench, 500,000
    records, a 5,000-cadre township: 1.3–1.4 s of queries when it read them all, 0.12–0.13 s for the month's)."""
    first, following = month_bounds(year, month)
    rows = list(
        Cadre.objects.filter(township=township)
        .in_post()
        .only("id", "name", "township_id")
        .annotate(
            month=FilteredRelation(
                "study_records",
                condition=Q(study_records__studied_on__gte=first, study_records__studied_on__lt=following),
            )
        )
        .annotate(
            month_hours=Coalesce(Sum("month__hours"), Value(Decimal("0"), output_field=DecimalField())),
            month_records=Count("month"),
        )
        .order_by("-month_hours", "name", "id")
    )
    studying = sum(1 for cadre in rows if cadre.month_records)
    total = sum((cadre.month_hours for cadre in rows), Decimal("0"))
    return TownshipMonth(township, rows, len(rows), studying, total)


# --- One study session for several cadres -------------------------------------------------------------


#: At most this many cadres in one session logged at once (the page lists at most as many to tick).
MAX_SESSION_CADRES = 300


@dataclass
class SessionList:
    """The in-post cadres a session page lists to tick: all of a township's, up to ``MAX_SESSION_CADRES``;
    beyond that, those whose names contain what was typed (and those already ticked)."""

    cadres: list[Cadre]
    #: In-post cadres of the township, and whether more matched than are listed.
    total: int
    more: bool
    #: Names two listed cadres share: they are told apart by position and the ID's last four digits.
    namesakes: set[str]


def session_list(offered, text: str = "", chosen: Iterable[int] = ()) -> SessionList:
    """``offered``: the cadres the form accepts (in post, of the township, in the user's scope). Four queries
    however many cadres the township has."""
    text = text.strip()[:40]
    matches = offered.filter(name__icontains=text) if text else offered
    shown = list(matches.order_by("name", "id")[: MAX_SESSION_CADRES + 1])
    more = len(shown) > MAX_SESSION_CADRES
    shown = shown[:MAX_SESSION_CADRES]
    listed = {cadre.pk for cadre in shown}
    missing = [pk for pk in chosen if pk not in listed]
    if missing:
        shown = sorted([*shown, *offered.filter(pk__in=missing)], key=lambda cadre: (cadre.name, cadre.pk))
    shared = offered.order_by().values("name").annotate(n=Count("id")).filter(n__gt=1).values_list("name", flat=True)
    return SessionList(shown, offered.count(), more, set(shared))


class SessionRefused(ValidationError):
    """A session that cannot be logged for all the cadres chosen; nothing was logged for any of them."""


def duplicate_records(cadres: Iterable[Cadre], session: dict) -> list[StudyRecord]:
    """Records already in the ledger for these cadres on the session's day, skill and mode: logging the same
    session twice (a second tap on 保存, or a session already logged one by one or from attendance)."""
    return list(
        StudyRecord.objects.filter(
            cadre__in=list(cadres), studied_on=session["studied_on"], skill=session["skill"], mode=session["mode"]
        )
        .select_related("cadre")
        .order_by("cadre__name", "cadre_id")
    )


@transaction.atomic
def log_session(cadres: Iterable[Cadre], session: dict, *, by) -> list[StudyRecord]:
    """One study session (``studied_on``, ``hours``, ``skill``, ``mode``, ``notes``) logged for every cadre in
    ``cadres``: one record each, all or none, audited like records logged one by one.

    Refused (:class:`SessionRefused`, nothing written) when a cadre is not in post or not in ``by``'s scope,
    when the same cadre is chosen twice, when a cadre already has the session in the ledger (same day, skill
    and mode), or when the session breaks a rule of a record (a day in the future, hours out of range)."""
    chosen = list(cadres)
    if not chosen:
        raise SessionRefused(_("请至少选择一名干部。"), code="empty")
    if len(chosen) > MAX_SESSION_CADRES:
        raise SessionRefused(_("一次最多为 %(n)s 名干部记录学习。") % {"n": MAX_SESSION_CADRES}, code="too_many")
    ids = [cadre.pk for cadre in chosen]
    if len(set(ids)) != len(ids):
        raise SessionRefused(_("同一名干部只能选一次。"), code="repeated")
    # Locked, so that two taps on 保存 (or a session logged twice at once) cannot both pass the duplicate check.
    allowed = {
        cadre.pk: cadre
        for cadre in Cadre.objects.visible_to(by)
        .in_post()
        .filter(pk__in=ids)
        .select_related("township")
        .select_for_update(of=("self",))
    }
    refused = [cadre for cadre in chosen if cadre.pk not in allowed]
    if refused:
        raise SessionRefused(
            _("以下干部不在您管辖范围内的在岗干部中，未保存任何记录：%(names)s")
            % {"names": "、".join(f"#{cadre.pk}" for cadre in refused)},
            code="out_of_scope",
        )
    doubled = duplicate_records(allowed.values(), session)
    if doubled:
        raise SessionRefused(
            _("%(names)s 已有 %(day)s “%(skill)s”（%(mode)s）的学习记录，未保存任何记录。请取消勾选或修改已有记录。")
            % {
                "names": "、".join(record.cadre.name for record in doubled),
                "day": session["studied_on"].isoformat(),
                "skill": session["skill"],
                "mode": StudyRecord.Mode(session["mode"]).label,
            },
            code="duplicate",
        )
    # Every record holds the same session: its rules are checked once (the cadres were checked above).
    StudyRecord(**session).full_clean(exclude=["cadre"])
    records = [StudyRecord(cadre=allowed[pk], **session) for pk in ids]
    StudyRecord.objects.bulk_create(records)
    bulk_saved.send(sender=StudyRecord, created=[(record, audit.diff(None, record)) for record in records])
    return records
