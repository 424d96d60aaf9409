"""Yearly learning plans (必修 + 选修) against the plan rule: the rule's electives in all and per category,
drafts and confirmation, the plan page and the township's overview."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre
from skilled_township.regions import codes
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill, SkillCategory, TownshipRequiredSkill
from skilled_township.skills.services import required_skills

from ..models import LearningPlan, PlanItem, PlanRule, PlanRuleCategory
from .gaps import top_gap_skills


def applicable_rule(township: Region, year: int) -> PlanRule | None:
    """The plan rule of the nearest region above the township (county before city), with its category minimums."""
    rules = (
        PlanRule.objects.filter(year=year, region__code__in=codes.ancestor_codes(township.code))
        .select_related("region")
        .prefetch_related(Prefetch("category_minimums", queryset=PlanRuleCategory.objects.select_related("category")))
    )
    return codes.nearest(list(rules), township.code)


def category_minimums(rule: PlanRule) -> dict[int, int]:
    """Category id → the electives of that category every plan under ``rule`` holds at least."""
    return {row.category_id: row.min_electives for row in rule.category_minimums.all()}


@transaction.atomic
def set_category_minimums(rule: PlanRule, minimums: dict[SkillCategory, int]) -> None:
    """Set the rule's electives per category (0: none asked); each change is audited as the rule's own."""
    held = {row.category_id: row for row in rule.category_minimums.all()}
    for category, minimum in minimums.items():
        row = held.get(category.pk)
        if not minimum:
            if row is not None:
                row.delete()
        elif row is None:
            PlanRuleCategory.objects.create(rule=rule, category=category, min_electives=minimum)
        elif row.min_electives != minimum:
            row.min_electives = minimum
            row.save(update_fields=["min_electives", "updated_at"])


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


def elective_choices(township: Region, year: int):
    """The skills a cadre of ``township`` may choose as electives in ``year``: those in use, but none the
    township already requires that year (a required skill is in every plan as 必修)."""
    required = TownshipRequiredSkill.objects.filter(township=township, year=year).values("skill_id")
    return Skill.objects.active().exclude(pk__in=required)


def required_elective_message(skills: Iterable[Skill], year: int) -> str:
    names = "、".join(str(skill) for skill in skills)
    return _("%(s)s 是本镇 %(year)s 年的必修技能，不能再选作选修。") % {"s": names, "year": year}


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


class RuleNotMet(Exception):
    """A plan that breaks its rule cannot be confirmed (it can be kept as a draft)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems

    @property
    def message(self) -> str:
        return _("未达到计划规则，不能确认：%(p)s。可以先保存为草稿。") % {"p": "；".join(self.problems)}


@transaction.atomic
def save_plan(
    cadre: Cadre,
    year: int,
    electives: list[tuple[Skill, int]] | None,
    *,
    status: str | None = None,
    by=None,
) -> tuple[LearningPlan, list[str]]:
    """Make or change the cadre's plan for the year: its electives (``None``: unchanged) and its status.

    A plan that breaks the rule is kept as a draft (草稿) and counted short wherever plans are counted;
    asking to confirm it raises :class:`RuleNotMet` and nothing is saved. ``status=None`` keeps the status,
    except that a confirmed plan whose electives change becomes a draft again: what was confirmed has changed.
    Returns the plan and its shortfalls.
    """
    plan = create_plan(cadre, year, by=by)
    if electives is not None:
        before = {(item.skill_id, item.target_proficiency) for item in plan.items.filter(kind=PlanItem.Kind.ELECTIVE)}
        save_electives(plan, electives, by=by)
        after = {(item.skill_id, item.target_proficiency) for item in plan.items.filter(kind=PlanItem.Kind.ELECTIVE)}
        if status is None and before != after:
            status = LearningPlan.Status.DRAFT
    problems = shortfalls(plan, applicable_rule(cadre.township, year))
    if status == LearningPlan.Status.CONFIRMED and problems:
        raise RuleNotMet(problems)
    if status is not None and plan.status != status:
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
    return plan, problems


def _items(plan: LearningPlan) -> list[PlanItem]:
    """The plan's items with their skills: the prefetched ones where the caller loaded them."""
    if "items" in getattr(plan, "_prefetched_objects_cache", {}):
        return list(plan.items.all())
    return list(plan.items.select_related("skill"))


def shortfalls(plan: LearningPlan | None, rule: PlanRule | None) -> list[str]:
    """What a plan lacks against the rule, in words. A missing plan lacks everything the rule asks for. A
    plan with any shortfall is counted short wherever plans are counted, whether draft or confirmed."""
    if rule is None:
        return [] if plan is not None else [_("还没有学习计划")]
    items = _items(plan) if plan is not None else []
    problems = [] if plan is not None else [_("还没有学习计划")]
    electives = [item for item in items if item.kind == PlanItem.Kind.ELECTIVE]
    if len(electives) < rule.min_electives:
        problems.append(_("选修 %(n)d 项，少于规定的 %(min)d 项") % {"n": len(electives), "min": rule.min_electives})
    for minimum in rule.category_minimums.all():
        count = sum(1 for item in electives if item.skill.category_id == minimum.category_id)
        if count < minimum.min_electives:
            problems.append(
                _("“%(c)s”类选修 %(n)d 项，少于规定的 %(min)d 项")
                % {"c": minimum.category.name, "n": count, "min": minimum.min_electives}
            )
    return problems


#: At most this many electives in one plan, on the page and through the API.
MAX_ELECTIVES = 20


def repeated_skill(skills: Iterable[Skill]) -> Skill | None:
    """The first skill chosen twice among a plan's electives, if any: each skill is chosen once."""
    seen = set()
    for skill in skills:
        if skill.pk in seen:
            return skill
        seen.add(skill.pk)
    return None


def repeated_skill_message(skill: Skill) -> str:
    return _("同一技能只能选一次：%(s)s") % {"s": skill}


def suggested_electives(
    gap_skills: list[Skill], plan: LearningPlan | None, required: Iterable[Skill] = ()
) -> list[Skill]:
    """Of the township's largest-gap skills (:func:`top_gap_skills`), those the plan does not hold yet and the
    township does not require (a required skill is never an elective)."""
    planned = {item.skill_id for item in plan.items.all()} if plan is not None else set()
    planned |= {skill.pk for skill in required}
    return [skill for skill in gap_skills if skill.pk not in planned]


@dataclass
class CategoryCount:
    """How many electives a plan holds in one category, against the rule's minimum for it."""

    category: SkillCategory
    minimum: int
    chosen: int

    @property
    def short(self) -> bool:
        return self.chosen < self.minimum


@dataclass
class PlanPage:
    """What the plan page shows for a cadre and year, before anything is saved."""

    plan: LearningPlan | None
    rule: PlanRule | None
    #: The plan's required items; without a plan, the skills the township requires this year (a preview).
    required_items: list[PlanItem]
    required_preview: list[Skill]
    problems: list[str]
    suggestions: list[Skill]
    #: The elective rows the form starts with: the plan's electives, or for a new plan the largest gap.
    initial_electives: list[dict]
    #: Electives per category against the rule (the categories the rule asks for).
    categories: list[CategoryCount]


def category_counts(plan: LearningPlan | None, rule: PlanRule | None) -> list[CategoryCount]:
    if rule is None:
        return []
    electives = [item for item in _items(plan) if item.kind == PlanItem.Kind.ELECTIVE] if plan is not None else []
    return [
        CategoryCount(
            minimum.category,
            minimum.min_electives,
            sum(1 for item in electives if item.skill.category_id == minimum.category_id),
        )
        for minimum in rule.category_minimums.all()
    ]


def plan_page(cadre: Cadre, year: int) -> PlanPage:
    plan = (
        LearningPlan.objects.filter(cadre=cadre, year=year)
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("skill")))
        .first()
    )
    rule = applicable_rule(cadre.township, year)
    gap_skills = top_gap_skills(cadre.township, year)
    required = list(required_skills(cadre.township, year))
    if plan is not None:
        items = list(plan.items.all())
        required_items = [item for item in items if item.kind == PlanItem.Kind.REQUIRED]
        required_preview = []
        initial = [
            {"skill": item.skill_id, "target_proficiency": item.target_proficiency}
            for item in items
            if item.kind == PlanItem.Kind.ELECTIVE
        ]
    else:
        required_items = []
        required_preview = required
        initial = [{"skill": skill.pk} for skill in suggested_electives(gap_skills, None, required)[:1]]
    return PlanPage(
        plan=plan,
        rule=rule,
        required_items=required_items,
        required_preview=required_preview,
        problems=shortfalls(plan, rule) if plan is not None else [],
        suggestions=suggested_electives(gap_skills, plan, required),
        initial_electives=initial,
        categories=category_counts(plan, rule),
    )


@dataclass
class OverviewRow:
    cadre: Cadre
    plan: LearningPlan | None
    problems: list[str]

    @property
    def confirmed(self) -> bool:
        return self.plan is not None and self.plan.status == LearningPlan.Status.CONFIRMED


@dataclass
class PlanOverview:
    rule: PlanRule | None
    rows: list[OverviewRow]

    @property
    def short(self) -> int:
        """Cadres without a plan or whose plan breaks the rule (a draft or a plan confirmed before the rule changed)."""
        return sum(1 for row in self.rows if row.problems)

    @property
    def drafts(self) -> int:
        """Plans not yet confirmed."""
        return sum(1 for row in self.rows if row.plan is not None and not row.confirmed)


def plan_overview(township: Region, year: int) -> PlanOverview:
    """Every in-post cadre of the township with their plan for the year and what it lacks (constant queries)."""
    rule = applicable_rule(township, year)
    plans = LearningPlan.objects.filter(year=year).prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("skill"))
    )
    cadres = (
        Cadre.objects.filter(township=township)
        .in_post()
        .order_by("name", "id")
        .prefetch_related(Prefetch("plans", queryset=plans, to_attr="year_plans"))
    )
    without_plan = shortfalls(None, rule)  # the same for every cadre who has no plan yet: worked out once
    rows = []
    for cadre in cadres:
        plan = cadre.year_plans[0] if cadre.year_plans else None
        rows.append(OverviewRow(cadre, plan, shortfalls(plan, rule) if plan is not None else without_plan))
    return PlanOverview(rule, rows)
