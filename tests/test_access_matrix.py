"""Every URL of the project × every role, including a secretary and an admin whose scope does not reach
the object. A page missing from ``tests/access.py`` fails here, so no page ships without its row."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from skilled_township.accounts.models import AuditEntry

from .access import ACCESS, ROLES


def discover_url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(discover_url_names(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so the access matrix cannot cover it"
            names.append(f"{namespace}{entry.name}")
    return names


URL_NAMES = sorted(set(discover_url_names()))


def test_every_url_pattern_has_an_access_row():
    missing = [name for name in URL_NAMES if name not in ACCESS]
    assert not missing, f"Pages with no row in tests/access.py: {missing}"


def test_no_stale_access_rows():
    assert sorted(set(ACCESS) - set(URL_NAMES)) == []


def _changes_to_domain_data() -> int:
    return AuditEntry.objects.filter(action__in=["create", "update", "delete", "permission"]).count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", URL_NAMES)
def test_access(url_name, role, world, personas, client_as):
    access = ACCESS[url_name]
    url = reverse(url_name, kwargs=access.kwargs(world, personas))
    client = client_as(personas[role])

    response = client.get(url + (f"?{access.query}" if access.query else ""))
    assert response.status_code == access.get[role], f"GET {url} as {role}"
    if response.status_code == 302 and role == "anonymous" and url_name not in {"set_language"}:
        assert reverse("accounts:login") in response["Location"]

    if access.writes:
        before = _changes_to_domain_data()
        response = client.post(url, {})
        expected = access.post.get(role, access.get[role])
        assert response.status_code == expected, f"POST {url} as {role}"
        if expected != 302 or role == "anonymous":
            assert _changes_to_domain_data() == before, f"POST {url} as {role} changed data"
