"""Filter sets whose model-choice filters are scoped to the requesting user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .forms import DateInput


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose region choices are scoped to the requesting user."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            queryset = f.extra.get("queryset")
            if queryset is not None and hasattr(queryset, "visible_to"):
                f.extra["queryset"] = queryset.visible_to(user)


def date_range(field_name: str, *, on_date_of: bool = False) -> tuple[django_filters.DateFilter, ...]:
    """``since`` and ``until`` filters, both inclusive, on a date field (or, ``on_date_of``, a timestamp's date)."""
    lookup = "date__" if on_date_of else ""

    def bound(label, comparison: str) -> django_filters.DateFilter:
        return django_filters.DateFilter(
            label=label, field_name=field_name, lookup_expr=f"{lookup}{comparison}", widget=DateInput()
        )

    return bound(_("起始日期"), "gte"), bound(_("截止日期"), "lte")
