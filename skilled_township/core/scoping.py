"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Every domain model sits somewhere in the region tree. Its queryset names the lookup that leads to a
12-digit division code (``region_code_lookup``); a user sees the rows whose code starts with the prefix
of their scope node. Views, form choices, exports, API viewsets and report jobs all go through this.

A user who sees only their own rows (a cadre, ``user.sees_own_rows_only``) sees, in the same method, the rows
whose ``owner_lookup`` leads to them (``user.owner_key``: their roster entry), and of the models without an
owner the rows their township publishes (``published_to_owners``); nothing of any other model.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def scope_prefix(user: Any) -> str | None:
    """The division-code prefix a user may see; ``""`` for everything, ``None`` for nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    scope = getattr(user, "scope", None)
    if scope is None:
        return None
    return scope.prefix


def sees_own_rows_only(user: Any) -> bool:
    return bool(getattr(user, "sees_own_rows_only", False))


class ScopedQuerySet(models.QuerySet):
    #: Lookup from this model to a 12-digit division code, e.g. ``"township__code"``.
    region_code_lookup: str = "region__code"
    #: Lookup from this model to the roster entry that owns a row (e.g. ``"cadre"``); empty: rows have no owner.
    owner_lookup: str = ""
    #: Whether users who see only their own rows also see this model's rows in their scope: what their
    #: township publishes (e.g. its required skills). Only for models without an owner.
    published_to_owners: bool = False

    def visible_to(self, user: Any) -> ScopedQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if sees_own_rows_only(user):
            return self._own_rows(user, prefix)
        if prefix == "":
            return self.all()
        return self.filter(**{f"{self.region_code_lookup}__startswith": prefix})

    def _own_rows(self, user: Any, prefix: str) -> ScopedQuerySet:
        in_scope = {f"{self.region_code_lookup}__startswith": prefix}
        if self.owner_lookup:
            owner = getattr(user, "owner_key", None)
            return self.filter(**{self.owner_lookup: owner}, **in_scope) if owner is not None else self.none()
        if self.published_to_owners:
            return self.filter(**in_scope)
        return self.none()

    def under(self, region) -> ScopedQuerySet:
        """Rows that lie under ``region`` (a Region node)."""
        return self.filter(**{f"{self.region_code_lookup}__startswith": region.prefix})


def is_visible(obj: models.Model, user: Any) -> bool:
    """Whether one row is inside the user's scope (used to re-check after a save)."""
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()
