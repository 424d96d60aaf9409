"""What the project's URLs are and what their views accept, read from the URL patterns and the view classes
themselves, so that the access matrix, the list-content checks and the generic create/edit suites cover a
new page without anyone listing it by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver

WRITE_METHODS = ("post", "put", "patch")


def _walk(patterns, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so the access matrix cannot cover it"
            yield f"{namespace}{entry.name}", entry


@cache
def url_patterns() -> dict[str, URLPattern]:
    """URL name (with its namespace) → pattern."""
    return dict(_walk(get_resolver().url_patterns))


def view_class(url_name: str) -> type | None:
    """The class behind a URL (a Django view, a DRF view or viewset); ``None`` for a function view."""
    callback = url_patterns()[url_name].callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def router_actions(url_name: str) -> dict[str, str] | None:
    """For a DRF router route, HTTP method → viewset action (e.g. ``{"get": "list", "post": "create"}``)."""
    return getattr(url_patterns()[url_name].callback, "actions", None)


def write_methods(url_name: str) -> set[str] | None:
    """The writing methods (POST/PUT/PATCH) a URL's view offers; ``None`` for a function view, which may
    answer any method."""
    cls = view_class(url_name)
    if cls is None:
        return None
    callback = url_patterns()[url_name].callback
    initkwargs = getattr(callback, "view_initkwargs", None) or getattr(callback, "initkwargs", None) or {}
    offered = initkwargs.get("http_method_names", cls.http_method_names)
    actions = router_actions(url_name)
    if actions is not None:
        return {method for method in WRITE_METHODS if method in actions and method in offered}
    return {method for method in WRITE_METHODS if method in offered and callable(getattr(cls, method, None))}


def accepts_post(url_name: str) -> bool:
    methods = write_methods(url_name)
    return methods is None or "post" in methods


def has_url_parameters(url_name: str) -> bool:
    return bool(url_patterns()[url_name].pattern.converters)


def url_names_where(test: Callable[[str], bool]) -> list[str]:
    return sorted(name for name in url_patterns() if test(name))


def subclass_of(url_name: str, base: type) -> bool:
    cls = view_class(url_name)
    return isinstance(cls, type) and issubclass(cls, base)
