"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Every domain model sits somewhere in the region tree. Its queryset names the lookup that leads to a
12-digit division code (``region_code_lookup``); a user sees the rows whose code starts with the prefix
of their scope node. Views, form choices, exports, API viewsets and report jobs all go through this.
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


class ScopedQuerySet(models.QuerySet):
    #: Lookup from this model to a 12-digit division code, e.g. ``"township__code"``.
    region_code_lookup: str = "region__code"

    def visible_to(self, user: Any) -> ScopedQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        return self.filter(**{f"{self.region_code_lookup}__startswith": prefix})

    def under(self, region) -> ScopedQuerySet:
        """Rows that lie under ``region`` (a Region node)."""
        return self.filter(**{f"{self.region_code_lookup}__startswith": region.prefix})


def is_visible(obj: models.Model, user: Any) -> bool:
    """Whether one row is inside the user's scope (used to re-check after a save)."""
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()
