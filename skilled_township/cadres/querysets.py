from __future__ import annotations

from typing import Any

from skilled_township.core.scoping import ScopedQuerySet, scope_prefix


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


class TransferRequestQuerySet(ScopedQuerySet):
    """Placed where the cadre would go: the requester's side sees its own requests; deciding takes a scope that
    also holds the township the cadre is on now (``decidable_by``)."""

    region_code_lookup = "to_township__code"

    def decidable_by(self, user: Any) -> TransferRequestQuerySet:
        prefix = scope_prefix(user)
        if prefix is None or not user.has_role_perm("cadres.transfers"):
            return self.none()
        return self.filter(to_township__code__startswith=prefix, cadre__township__code__startswith=prefix)
