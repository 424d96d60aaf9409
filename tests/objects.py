"""Objects in 高村镇 (or 麻阳县) that the access-matrix rows open, built on demand from the test world.

Rows that belong to a cadre belong to ``cadre(world)``, the first cadre of 高村镇: the ``cadre`` persona's own
roster entry, so the matrix opens that cadre's own rows (and ``other_cadre`` those of somebody else)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from . import factories


def skill(world):
    from skilled_township.skills.models import Skill

    return Skill.objects.filter(code="T01").first() or factories.skill("T01", "柑桔栽培与管理")


def cadre(world):
    from skilled_township.cadres.models import Cadre

    return Cadre.objects.filter(township=world.township).first() or factories.cadre(world.township, "龙建国")


def demand(world):
    from skilled_township.skills.models import Demand

    return Demand.objects.create(
        village=world.village, skill=skill(world), source="visit", recorded_on=datetime.date(2026, 3, 1)
    )


def required_skill(world):
    from skilled_township.skills.models import TownshipRequiredSkill

    return TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=skill(world))


def secondment(world):
    from skilled_township.cadres.models import Secondment

    return Secondment.objects.create(
        cadre=cadre(world), kind="tech_deputy", sending_unit="怀化职业技术学院", start_date=datetime.date(2025, 3, 1)
    )


def study_record(world):
    from skilled_township.learning.models import StudyRecord

    return StudyRecord.objects.create(
        cadre=cadre(world),
        studied_on=datetime.date(2026, 3, 2),
        hours=Decimal("2"),
        skill=skill(world),
        mode="classroom",
    )


def plan_rule(world):
    from skilled_township.learning.models import PlanRule

    return PlanRule.objects.create(region=world.county, year=2026, min_electives=1)


def education_target(world):
    from skilled_township.cadres.models import EducationTarget

    return EducationTarget.objects.create(region=world.county, group="leadership", target_percent=Decimal("90"))


def learning_plan(world):
    from skilled_township.learning.models import LearningPlan

    return LearningPlan.objects.get_or_create(cadre=cadre(world), year=2026)[0]


def account(world):
    """A staff account whose scope is 高村镇."""
    from skilled_township.accounts.models import User
    from skilled_township.accounts.roles import Role

    return User.objects.filter(username="clerk_gaocun").first() or factories.user(
        "clerk_gaocun", Role.TOWNSHIP_SECRETARY, world.township, full_name="高村镇填报员"
    )


def audit_entry(world):
    """The audit-trail entry of a change in 高村镇 (adding the cadre)."""
    from skilled_township.accounts.models import AuditEntry

    return AuditEntry.objects.for_object(cadre(world)).get(action="create")


def second_skill(world):
    """Another skill of the catalogue, for a choice that changes."""
    from skilled_township.skills.models import Skill

    return Skill.objects.filter(code="T02").first() or factories.skill("T02", "生猪养殖")


def new_resident_id(sequence: str) -> str:
    """A valid resident ID of a woman born 1987-01-01 in 麻阳县, fixed by its 3-digit sequence (even)."""
    from skilled_township.core.resident_id import check_digit

    first17 = f"43122619870101{sequence}"
    return first17 + check_digit(first17)
