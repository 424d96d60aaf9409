from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class TrainingBaseQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"


class BaseStageChangeQuerySet(ScopedQuerySet):
    region_code_lookup = "base__township__code"


class BasePhotoQuerySet(ScopedQuerySet):
    region_code_lookup = "base__township__code"


class FundAllocationQuerySet(ScopedQuerySet):
    region_code_lookup = "base__township__code"


class DisbursementQuerySet(ScopedQuerySet):
    region_code_lookup = "allocation__base__township__code"


class TrainingPlanQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"


class TrainingSessionQuerySet(ScopedQuerySet):
    region_code_lookup = "plan__township__code"
    # A cadre sees the sessions of their own township (to check in to them), not those of another.
    published_to_owners = True


class AttendanceQuerySet(ScopedQuerySet):
    region_code_lookup = "session__plan__township__code"
    owner_lookup = "cadre"

    def confirmed(self) -> AttendanceQuerySet:
        return self.filter(status="confirmed")
