"""Filter sets whose model-choice filters are scoped to the requesting user."""

import django_filters


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose region choices are scoped to the requesting user."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            # A model-choice filter builds its field from ``f.queryset`` (it overwrites ``extra``), so both change.
            queryset = getattr(f, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                f.queryset = queryset.visible_to(user)
                f.extra["queryset"] = f.queryset
