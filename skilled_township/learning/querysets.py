from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class PlanRuleQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"


class LearningPlanQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"


class PlanItemQuerySet(ScopedQuerySet):
    region_code_lookup = "plan__cadre__township__code"
    owner_lookup = "plan__cadre"


class StudyRecordQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"
