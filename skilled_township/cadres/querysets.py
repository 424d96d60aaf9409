from __future__ import annotations

from skilled_township.core.scoping import ScopedQuerySet


class CadreQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    # A cadre's own roster entry.
    owner_lookup = "pk"

    def in_post(self) -> CadreQuerySet:
        return self.filter(status="in_post")


class SecondmentQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"


class EducationTargetQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"
