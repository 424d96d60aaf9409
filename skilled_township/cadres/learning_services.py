"""Learning plans (必修 + 选修), the yearly plan rule, monthly study summaries (一月一述学) and the
education structure of a township's cadres against its targets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill, SkillCategory, TownshipRequiredSkill

from .models import (
    LEADERSHIP_POSITIONS,
    Cadre,
    Education,
    EducationTarget,
    LearningPlan,
    PlanItem,
    PlanRule,
    StudyRecord,
)

#: Seed 003: 班子成员大专以上 ≥ 90%, 其他干部 ≥ 80%, 后备干部 ≥ 95% — used where no target is configured.
DEFAULT_TARGETS = {
    EducationTarget.Group.LEADERSHIP: Decimal("90"),
    EducationTarget.Group.OTHERS: Decimal("80"),
    EducationTarget.Group.RESERVE: Decimal("95"),
}


def region_chain(region: Region) -> list[str]:
    """Codes of ``region`` and every node above it, nearest first."""
    prefix = region.prefix
    return [prefix[:n].ljust(12, "0") for n in (12, 9, 6, 4) if n <= len(prefix)]


def _nearest(rows, region: Region):
    order = {code: i for i, code in enumerate(region_chain(region))}
    return min(rows, key=lambda row: order[row.region.code], default=None)


def applicable_rule(township: Region, year: int) -> PlanRule | None:
    """The plan rule of the nearest region above the township (county before city)."""
    rules = PlanRule.objects.filter(year=year, region__code__in=region_chain(township)).select_related("region")
    return _nearest(list(rules), township)


# --- Plans ------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(cadre: Cadre, year: int, *, by=None) -> LearningPlan:
    """The cadre's plan for the year, created with the township's required skills filled in."""
    plan, _created = LearningPlan.objects.get_or_create(cadre=cadre, year=year)
    add_required_items(plan)
    return plan


def add_required_items(plan: LearningPlan) -> int:
    """Make sure every skill the township requires this year is in the plan as 必修; returns how many were added."""
    required = TownshipRequiredSkill.objects.filter(township=plan.cadre.township_id, year=plan.year)
    added = 0
    for skill_id in required.values_list("skill_id", flat=True):
        item, created = PlanItem.objects.get_or_create(
            plan=plan, skill_id=skill_id, defaults={"kind": PlanItem.Kind.REQUIRED}
        )
        if not created and item.kind != PlanItem.Kind.REQUIRED:
            item.kind = PlanItem.Kind.REQUIRED
            item.save(update_fields=["kind", "updated_at"])
        added += created
    return added


@transaction.atomic
def save_electives(plan: LearningPlan, electives: list[tuple[Skill, int]], *, by=None) -> list[str]:
    """Replace the plan's electives; required items stay. Returns the rule's shortfalls (saving is allowed)."""
    add_required_items(plan)
    required_ids = set(plan.items.filter(kind=PlanItem.Kind.REQUIRED).values_list("skill_id", flat=True))
    wanted = {skill.pk: proficiency for skill, proficiency in electives if skill.pk not in required_ids}
    plan.items.filter(kind=PlanItem.Kind.ELECTIVE).exclude(skill_id__in=wanted).delete()
    for skill_id, proficiency in wanted.items():
        item, created = PlanItem.objects.get_or_create(
            plan=plan,
            skill_id=skill_id,
            defaults={"kind": PlanItem.Kind.ELECTIVE, "target_proficiency": proficiency},
        )
        if not created and item.target_proficiency != proficiency:
            item.target_proficiency = proficiency
            item.save(update_fields=["target_proficiency", "updated_at"])
    return shortfalls(plan, applicable_rule(plan.cadre.township, plan.year))


def shortfalls(plan: LearningPlan | None, rule: PlanRule | None, categories=None) -> list[str]:
    """What a plan lacks against the rule, in words. A missing plan lacks everything the rule asks for."""
    if rule is None:
        return [] if plan is not None else [_("还没有学习计划")]
    items = list(plan.items.all()) if plan is not None else []
    problems = [] if plan is not None else [_("还没有学习计划")]
    electives = sum(1 for item in items if item.kind == PlanItem.Kind.ELECTIVE)
    if electives < rule.min_electives:
        problems.append(_("选修 %(n)d 项，少于规定的 %(min)d 项") % {"n": electives, "min": rule.min_electives})
    if rule.min_per_category:
        for category in categories if categories is not None else SkillCategory.objects.all():
            count = sum(1 for item in items if item.skill.category_id == category.pk)
            if count < rule.min_per_category:
                problems.append(
                    _("“%(c)s”类 %(n)d 项，少于 %(min)d 项")
                    % {"c": category.name, "n": count, "min": rule.min_per_category}
                )
    return problems


@dataclass
class OverviewRow:
    cadre: Cadre
    plan: LearningPlan | None
    problems: list[str]


def plan_overview(township: Region, year: int) -> tuple[PlanRule | None, list[OverviewRow]]:
    """Every in-post cadre of the township with their plan for the year and what it lacks (constant queries)."""
    rule = applicable_rule(township, year)
    categories = list(SkillCategory.objects.all())
    plans = LearningPlan.objects.filter(year=year).prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("skill"))
    )
    cadres = (
        Cadre.objects.filter(township=township)
        .in_post()
        .order_by("name", "id")
        .prefetch_related(Prefetch("plans", queryset=plans, to_attr="year_plans"))
    )
    rows = []
    for cadre in cadres:
        plan = cadre.year_plans[0] if cadre.year_plans else None
        rows.append(OverviewRow(cadre, plan, shortfalls(plan, rule, categories)))
    return rule, rows


# --- Monthly study summary (一月一述学) ---------------------------------------------------------


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


# --- Education structure ------------------------------------------------------------------------


@dataclass
class EducationRow:
    group: str
    label: str
    cadres: int
    qualified: int
    target: Decimal
    min_education: int
    configured: bool = field(default=False)

    @property
    def share(self) -> Decimal:
        if not self.cadres:
            return Decimal("0")
        return (Decimal(self.qualified) * 100 / self.cadres).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.cadres == 0 or self.share >= self.target

    @property
    def min_education_label(self) -> str:
        return Education(self.min_education).label


def education_structure(township: Region) -> list[EducationRow]:
    """班子成员 / 其他干部 / 后备干部: how many hold the required education, against the nearest targets.

    A reserve cadre counts in the reserve group and also in the leadership or other group by position.
    """
    targets = {}
    for target in EducationTarget.objects.filter(region__code__in=region_chain(township)).select_related("region"):
        current = targets.get(target.group)
        if current is None or len(target.region.prefix) > len(current.region.prefix):
            targets[target.group] = target
    rows = []
    cadres = Cadre.objects.filter(township=township).in_post()
    groups = {
        EducationTarget.Group.LEADERSHIP: cadres.filter(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.OTHERS: cadres.exclude(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.RESERVE: cadres.filter(is_reserve=True),
    }
    for group, members in groups.items():
        target = targets.get(group)
        min_education = target.min_education if target else Education.JUNIOR_COLLEGE
        counts = members.aggregate(total=Count("id"), qualified=Count("id", filter=Q(education__gte=min_education)))
        rows.append(
            EducationRow(
                group=group,
                label=str(EducationTarget.Group(group).label),
                cadres=counts["total"],
                qualified=counts["qualified"],
                target=target.target_percent if target else DEFAULT_TARGETS[group],
                min_education=min_education,
                configured=target is not None,
            )
        )
    return rows
