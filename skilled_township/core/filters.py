"""Filter sets whose model-choice filters are scoped to the requesting user."""

from __future__ import annotations

import datetime

import django_filters
from django.core.validators import EMPTY_VALUES
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FilterSetMetaclass

from .forms import DateInput
from .scoping import check_scoped, scoped


def _choice_filters(filters):
    for name, f in filters.items():
        if isinstance(f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
            yield name, f


class ScopedFilterSetMetaclass(FilterSetMetaclass):
    """Refuses, when the filter set is created, a choice filter whose model does not say how it is scoped."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        for filter_name, f in _choice_filters(new_class.base_filters):
            if f.queryset is not None and not callable(f.queryset):
                check_scoped(f.queryset, f"{new_class.__module__}.{name}.{filter_name}")
        return new_class


class ScopedFilterSet(django_filters.FilterSet, metaclass=ScopedFilterSetMetaclass):
    """A filter set whose related-row choices are what the user may see, so a row outside their scope is
    refused exactly like one that does not exist.

    The user comes from ``request`` (pages, API) or ``user`` (background jobs, which have no request).
    """

    def __init__(self, *args, request=None, user=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.user = user if user is not None else getattr(request, "user", None)
        for name, f in _choice_filters(self.filters):
            queryset = f.get_queryset(request)
            if queryset is not None:
                # The filter builds its form field from ``queryset`` (``extra`` is overwritten from it); a field
                # built before (copied from the class) would still offer every row.
                f.queryset = scoped(queryset, self.user, f"{type(self).__qualname__}.{name}")
                f.__dict__.pop("_field", None)


class LocalDayFilter(django_filters.DateFilter):
    """A day compared with a timestamp column through the local midnights around it, so that an index on the
    column answers: ``gte`` D is ``>=`` D 00:00, ``lte`` D is ``<`` (D+1) 00:00, local time (``TIME_ZONE``,
    Asia/Shanghai). Comparing ``timestamp::date`` instead reads every row of the table."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if self.lookup_expr == "gte":
            return self.get_method(qs)(**{f"{self.field_name}__gte": local_midnight(value)})
        if value == datetime.date.max:
            return qs  # every timestamp falls on or before the last day there is
        return self.get_method(qs)(**{f"{self.field_name}__lt": local_midnight(value + datetime.timedelta(days=1))})


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of ``day`` in local time, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def date_range(field_name: str, *, on_date_of: bool = False) -> tuple[django_filters.DateFilter, ...]:
    """``since`` and ``until`` filters, both inclusive, on a date field (or, ``on_date_of``, on the local date
    of a timestamp field, compared through local midnights so that the field's index serves them)."""
    filter_class = LocalDayFilter if on_date_of else django_filters.DateFilter

    def bound(label, comparison: str) -> django_filters.DateFilter:
        return filter_class(label=label, field_name=field_name, lookup_expr=comparison, widget=DateInput())

    return bound(_("起始日期"), "gte"), bound(_("截止日期"), "lte")


def without_filters(filterset_class: type[ScopedFilterSet], *names: str) -> type[ScopedFilterSet]:
    """``filterset_class`` without the named filters: e.g. a cadre's own list has no township or cadre to
    choose. (Removed per instance, before the form is built from them.)"""

    def __init__(self, *args, **kwargs):
        super(narrowed, self).__init__(*args, **kwargs)
        for name in names:
            self.filters.pop(name)

    narrowed = type(f"{filterset_class.__name__}Own", (filterset_class,), {"__init__": __init__})
    narrowed.__module__ = filterset_class.__module__
    return narrowed
