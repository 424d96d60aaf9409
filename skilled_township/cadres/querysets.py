from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class CadreQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"

    def in_post(self) -> CadreQuerySet:
        return self.filter(status="in_post")


class SecondmentQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"


class PlanRuleQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"


class LearningPlanQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"


class PlanItemQuerySet(ScopedQuerySet):
    region_code_lookup = "plan__cadre__township__code"


class StudyRecordQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"


class EducationTargetQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"
