"""The one scoping mechanism: ``Model.objects.visible_to(user)``.

Every domain model sits somewhere in the region tree. Its queryset names the lookup that leads to a
12-digit division code (``region_code_lookup``); a user sees the rows whose code starts with the prefix
of their scope node. Views, form choices, exports, API viewsets and report jobs all go through this.

A user who sees only their own rows (a cadre, ``user.sees_own_rows_only``) sees, in the same method, the rows
whose ``owner_lookup`` leads to them (``user.owner_key``: their roster entry), and of the models without an
owner the rows their township publishes (``published_to_owners``); nothing of any other model.

It fails closed: a model offered as a choice (form, filter, serializer) must say how it is scoped —
``ScopedQuerySet``, ``GlobalQuerySet`` (the skills catalogue, deliberately city-wide), ``InternalQuerySet``
(bookkeeping nobody lists) or its own ``visible_to`` — else :func:`scoped` raises ``ImproperlyConfigured``
instead of offering every row. The audit trail places a row in the tree by the same ``region_code_lookup``
(:func:`region_code_of`), so the two can never disagree.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

#: Framework models that may be offered as choices although they have no ``visible_to``: they hold no
#: programme data. Label → why.
FRAMEWORK_CHOICES: dict[str, str] = {
    "contenttypes.ContentType": "the audit trail's object-type filter: names of tables, the same for everyone",
}


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


class GlobalQuerySet(models.QuerySet):
    """Rows that belong to no region, read by every signed-in user with a scope (the skills catalogue).

    Declared rather than assumed: a model whose manager says nothing about scope is refused as a choice.
    Its changes are audited without a region (``region_code_lookup = None``).
    """

    region_code_lookup: str | None = None

    def visible_to(self, user: Any) -> GlobalQuerySet:
        return self.all() if scope_prefix(user) is not None else self.none()


class InternalQuerySet(models.QuerySet):
    """Bookkeeping rows that no page, form, export or API lists (e.g. sign-in attempts for the lock-out)."""

    region_code_lookup: str | None = None

    def visible_to(self, user: Any) -> InternalQuerySet:
        return self.none()


def framework_choice(model: type[models.Model]) -> bool:
    return model._meta.label in FRAMEWORK_CHOICES


def check_scoped(queryset: models.QuerySet, where: str = "") -> None:
    """Raise unless rows of ``queryset`` can be narrowed to a user (or are an allowed framework model)."""
    if hasattr(queryset, "visible_to") or framework_choice(queryset.model):
        return
    raise ImproperlyConfigured(
        f"{where or 'A choice'} offers {queryset.model._meta.label} rows, but its queryset has no visible_to(user). "
        "Give the model's manager a ScopedQuerySet (rows under a region), a GlobalQuerySet (deliberately "
        "city-wide) or its own visible_to; framework models must be listed in core.scoping.FRAMEWORK_CHOICES."
    )


def scoped(queryset: models.QuerySet, user: Any, where: str = "") -> models.QuerySet:
    """``queryset`` narrowed to the rows ``user`` may see; refuses a model that does not say how it is scoped."""
    check_scoped(queryset, where)
    if framework_choice(queryset.model) and not hasattr(queryset, "visible_to"):
        return queryset
    return queryset.visible_to(user)


# --- Which region a row belongs to (the audit trail) ------------------------------------------------


_MISSING = object()


def region_code_lookup_of(model: type[models.Model]) -> str | None:
    """The model's ``region_code_lookup`` (``None`` for a declared region-less model).

    Raises ``ImproperlyConfigured`` when the model's queryset does not declare one, or when the path does not
    lead through single-valued relations to the ``code`` of a region.
    """
    queryset_class = type(model._default_manager.get_queryset())
    lookup = getattr(queryset_class, "region_code_lookup", _MISSING)
    if lookup is _MISSING:
        raise ImproperlyConfigured(f"{model._meta.label}: its queryset declares no region_code_lookup.")
    if lookup is None:
        return None
    current = model
    parts = lookup.split("__")
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(
                f"{model._meta.label}.region_code_lookup {lookup!r}: {current._meta.label} has no field {part!r}."
            ) from None
        last = index == len(parts) - 1
        if last:
            if not _is_division_code(current, field):
                raise ImproperlyConfigured(
                    f"{model._meta.label}.region_code_lookup {lookup!r} must end at a region's 12-digit code."
                )
        elif not (field.many_to_one or field.one_to_one):
            raise ImproperlyConfigured(
                f"{model._meta.label}.region_code_lookup {lookup!r}: {part!r} is not a single-valued relation."
            )
        else:
            current = field.related_model
    return lookup


def _is_division_code(model: type[models.Model], field: models.Field) -> bool:
    """The region model's own code: a 12-character field that the model's queryset itself scopes by."""
    own_lookup = getattr(type(model._default_manager.get_queryset()), "region_code_lookup", None)
    return isinstance(field, models.CharField) and field.max_length == 12 and own_lookup == field.name


def region_code_of(obj: models.Model) -> str | None:
    """The division code ``obj`` lies under, following its queryset's ``region_code_lookup``; ``None`` when the
    model belongs to no region or a relation on the way is empty."""
    lookup = region_code_lookup_of(obj._meta.model)  # not type(obj): request.user is a lazy object
    if lookup is None:
        return None
    value: Any = obj
    for part in lookup.split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value
