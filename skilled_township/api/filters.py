"""Filtering and ordering for every list endpoint: scoped filter sets (the pages' own where they exist) and an
order that always ends with the primary key, so that pages neither repeat nor skip rows."""

from __future__ import annotations

import copy

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from skilled_township.core.filters import ScopedFilterSet


class ApiFilterSet(ScopedFilterSet, RestFilterSet):
    """A filter set for the API: related-row choices scoped to the user, ``true``/``false`` for booleans."""


class ScopedFilterBackend(DjangoFilterBackend):
    """Filter sets built from a view's ``filterset_fields`` are scoped too."""

    filterset_base = ApiFilterSet


class KeyOrderingFilter(OrderingFilter):
    """``?ordering=name`` or ``?ordering=-studied_on`` among a view's ``ordering_fields``, then by key."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(term.lstrip("-") in ("pk", "id") for term in ordering):
            ordering = [*ordering, "pk"]
        return ordering


def date_range(field_name: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """``since`` and ``until`` (both inclusive) on one date field."""
    return (
        django_filters.DateFilter(label=_("起始日期"), field_name=field_name, lookup_expr="gte"),
        django_filters.DateFilter(label=_("截止日期"), field_name=field_name, lookup_expr="lte"),
    )


def page_filters(filterset: type[django_filters.FilterSet]) -> type[django_filters.FilterSet]:
    """A page's filter set, reused by the API so both filter alike. A filter that picks a related row and
    applies it through a method is documented as that row's id (the schema generator cannot tell)."""
    reused = type(filterset.__name__, (filterset,), {"__module__": filterset.__module__})
    reused.base_filters = copy.deepcopy(filterset.base_filters)
    for field in reused.base_filters.values():
        if isinstance(field, django_filters.ModelChoiceFilter) and field.method:
            extend_schema_field(OpenApiTypes.INT)(field)
    return reused
