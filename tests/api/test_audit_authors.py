"""Every write through the API names its author, signed in by token (the request's page middleware never sees
that user: REST framework authenticates inside the view). Walks every writable endpoint the router offers, every
writing method it offers, with the payloads of the endpoint's generic case (tests/<app>/test_generic.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import reverse

from skilled_township.accounts.audit import is_audited
from skilled_township.accounts.models import AuditEntry

from .. import content, discovery, generic

ADDRESS = "192.0.2.77"


def _api_cases() -> dict[str, type[generic.ApiCases]]:
    here = Path(__file__).parent.parent
    cases = {}
    for package in pkgutil.iter_modules([str(here)]):
        if package.ispkg and (here / package.name / "test_generic.py").exists():
            module = importlib.import_module(f"tests.{package.name}.test_generic")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, generic.ApiCases) and hasattr(value, "model"):
                    cases[value.api_basename] = value
    return cases


def _model(list_name: str):
    return discovery.view_class(list_name).queryset.model


def _writes() -> list[tuple[str, str]]:
    """(basename, method) for every writing method of every router endpoint of audited records."""
    writes = []
    for list_name in discovery.url_names_where(content.is_api_list):
        basename = list_name.removeprefix("api:").removesuffix("-list")
        if not is_audited(_model(list_name)):
            continue  # see test_only_job_endpoints_write_outside_the_trail
        if "post" in (discovery.router_actions(list_name) or {}) and discovery.write_methods(list_name):
            writes.append((basename, "post"))
        detail = f"api:{basename}-detail"
        if detail in discovery.url_patterns():
            viewset = discovery.view_class(detail)
            actions = discovery.router_actions(detail) or {}
            writes += [
                (basename, method)
                for method in ("put", "patch", "delete")
                if method in actions and method in viewset.http_method_names
            ]
    return sorted(writes)


WRITES = _writes()
CASES = _api_cases()


def test_the_walk_finds_every_writing_method_and_a_case_for_each_endpoint():
    methods = {method for _basename, method in WRITES}
    assert {"post", "put", "patch", "delete"} <= methods
    assert ("study-record", "delete") in WRITES and ("cadre", "patch") in WRITES
    assert not [basename for basename, _method in WRITES if basename not in CASES]


def test_only_job_endpoints_write_outside_the_trail():
    unaudited = {
        name.removeprefix("api:").removesuffix("-list")
        for name in discovery.url_names_where(content.is_api_list)
        if not is_audited(_model(name)) and discovery.write_methods(name)
    }
    assert unaudited == generic.JOB_ENDPOINTS


@pytest.mark.parametrize(("basename", "method"), WRITES)
def test_every_api_write_by_token_names_its_author(basename, method, world, personas):
    case = CASES[basename]()
    author = personas[case.editor]
    client = generic.api_client(author)  # a token, no session
    if method == "post":
        payload = case.api_payload(world)
    else:
        obj = case.make(world)
        url = reverse(f"api:{basename}-detail", kwargs={"pk": obj.pk})
        payload = case.api_changes(world, obj) if method != "delete" else None
        if method == "put":  # the whole row as the API shows it, with the changes
            payload = {**client.get(url).json(), **payload}
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    if method == "post":
        response = client.post(reverse(f"api:{basename}-list"), payload, format="json", REMOTE_ADDR=ADDRESS)
        expected = ("create", 201)
    elif method == "delete":
        response = client.delete(url, REMOTE_ADDR=ADDRESS)
        expected = ("delete", 204)
    else:
        response = getattr(client, method)(url, payload, format="json", REMOTE_ADDR=ADDRESS)
        expected = ("update", 200)

    assert response.status_code == expected[1], getattr(response, "data", response)
    entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
    assert expected[0] in {entry.action for entry in entries}
    assert {(entry.user, entry.username, entry.source, entry.ip) for entry in entries} == {
        (author, author.username, "api", ADDRESS)
    }
