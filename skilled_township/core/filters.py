"""Filter sets whose model-choice filters are scoped to the requesting user."""

import django_filters


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose region choices are scoped to the requesting user."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            queryset = f.extra.get("queryset")
            if queryset is not None and hasattr(queryset, "visible_to"):
                f.extra["queryset"] = queryset.visible_to(user)
