from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class HouseholdQuerySet(ScopedQuerySet):
    region_code_lookup = "village__code"
    #: A cadre sees the households they are paired with now.
    owner_lookup = "paired_cadre"


class MemberQuerySet(ScopedQuerySet):
    region_code_lookup = "household__village__code"
    owner_lookup = "household__paired_cadre"


class MemberSkillQuerySet(ScopedQuerySet):
    region_code_lookup = "member__household__village__code"
    owner_lookup = "member__household__paired_cadre"


class HouseholdIncomeQuerySet(ScopedQuerySet):
    region_code_lookup = "household__village__code"
    owner_lookup = "household__paired_cadre"


class PairingQuerySet(ScopedQuerySet):
    region_code_lookup = "household__village__code"
    owner_lookup = "cadre"

    def active(self) -> PairingQuerySet:
        return self.filter(ended_on__isnull=True)


class VisitQuerySet(ScopedQuerySet):
    region_code_lookup = "household__village__code"
    owner_lookup = "cadre"


class VisitAmendmentQuerySet(ScopedQuerySet):
    region_code_lookup = "visit__household__village__code"
    owner_lookup = "visit__cadre"


class NormQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"
