"""Every URL of the project × every role, including a secretary and an admin whose scope does not reach
the object. A page missing from ``tests/access.py`` fails here, so no page ships without its row.

Beyond the status of each page: whether a URL takes POST comes from its view (a POST to a page that only
reads is refused and changes nothing), and every list, export and API list shows a row of 高村镇 to those
whose scope reaches it and to nobody else (``tests/content.py``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.core.models import GeneratedFile
from skilled_township.core.views import ObjectEditView

from . import content, discovery, generic
from .access import ACCESS, OUTSIDE_GAOCUN, ROLES
from .content import INSIDE, LISTS, NO_ROWS

URL_NAMES = sorted(discovery.url_patterns())


def test_every_url_pattern_has_an_access_row():
    missing = [name for name in URL_NAMES if name not in ACCESS]
    assert not missing, f"Pages with no row in tests/access.py: {missing}"


def test_no_stale_access_rows():
    assert sorted(set(ACCESS) - set(URL_NAMES)) == []


def _changes_to_domain_data() -> int:
    """Audited writes, and files queued for a background job (an export a POST asks for)."""
    writes = AuditEntry.objects.filter(action__in=["create", "update", "delete", "permission"]).count()
    return writes + GeneratedFile.objects.count()


def expected_post_status(url_name: str, role: str) -> int:
    """The row's ``post`` where it says; a page that takes POST answers it as it answers GET; a page that only
    reads refuses it (405) to those who may open it, and otherwise answers as for GET (sign-in, 403)."""
    access = ACCESS[url_name]
    if role in access.post:
        return access.post[role]
    status = access.get[role]
    if discovery.accepts_post(url_name):
        return status
    return 405 if status in (200, 404) else status


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
    if content.produces_a_file(response) and not url_name.startswith("files:"):
        # (The file pages hand out what an export produced; the export's own entry checks the rows.)
        assert url_name in LISTS or url_name in NO_ROWS, f"{url_name} gives a file but has no content entry"

    before = _changes_to_domain_data()
    response = client.post(url, {})
    expected = expected_post_status(url_name, role)
    assert response.status_code == expected, f"POST {url} as {role}"
    if expected != 302 or role == "anonymous":
        assert _changes_to_domain_data() == before, f"POST {url} as {role} changed data"
    if content.produces_a_file(response) and not url_name.startswith("files:"):
        assert url_name in LISTS or url_name in NO_ROWS, f"{url_name} gives a file but has no content entry"


# --- What the lists show ------------------------------------------------------------------------------------

LISTINGS = content.discover()


def test_every_list_export_and_api_list_has_a_content_entry():
    missing = [name for name in LISTINGS if name not in LISTS]
    assert not missing, f"Lists with no entry in tests/<app>/content.py: {missing}"
    unknown = sorted(set(LISTS) - set(URL_NAMES))
    assert not unknown, f"Content entries for URLs that do not exist: {unknown}"
    unchecked = [name for name in LISTS if not any(ACCESS[name].get.get(role) in (200, 405) for role in INSIDE)]
    assert not unchecked, f"Lists nobody inside 高村镇 may open, so nothing checks they show its rows: {unchecked}"


def _content_cases() -> list[tuple[str, str]]:
    roles = [*INSIDE, *sorted(OUTSIDE_GAOCUN)]
    return [
        (name, role)
        for name in sorted(LISTS)
        if name in ACCESS
        for role in roles
        if ACCESS[name].get.get(role) in (200, 405)
    ]


@pytest.mark.parametrize(("url_name", "role"), _content_cases())
def test_lists_show_a_row_only_to_those_whose_scope_reaches_it(url_name, role, world, personas, client_as):
    shows = LISTS[url_name]
    row = shows.row(world)
    model = content.listed_model(url_name)
    if model is not None:
        assert isinstance(row, model), f"{url_name} lists {model.__name__}, its entry builds {type(row).__name__}"
    url = reverse(url_name)
    client = client_as(personas[role])
    should_see = role in INSIDE or shows.city_wide
    if content.picked_by(url_name):
        # A report on one township or region: 高村镇 picked by its id or code (the secretary's own is the
        # default); for those whose scope does not reach it, it does not exist, and their own report is
        # checked below.
        query = content.pick_gaocun(url_name, world)
        picked = client.get(url, query)
        if role in OUTSIDE_GAOCUN:
            assert picked.status_code == 404, f"{url_name}?{query} as {role}"
        else:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())

    if content.is_api_list(url_name):
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} as {role}"
        everything = response.content.decode()
        ids = [item["id"] for item in response.json()["results"]]
        assert (row.pk in ids) is should_see, f"{url_name} as {role}: row #{row.pk} among {ids}"
    else:
        response = client.get(url)
        marks = shows.marks_of(row)
        if response.status_code == 405 or content.produces_a_file(response):
            cells = content.workbook_cells(content.fetch_export(client, url))
            everything = "\n".join(cells)
            seen = everything
        else:
            assert response.status_code == 200, f"GET {url} as {role}"
            everything = response.content.decode()
            seen = content.page_content(everything)
        if should_see:
            missing = [mark for mark in marks if mark not in seen]
            assert not missing, f"{url_name} as {role} does not show {missing}"
        else:
            leaked = [mark for mark in marks if mark in everything]
            assert not leaked, f"{url_name} as {role} shows {leaked} of a row outside their scope"
    if role in OUTSIDE_GAOCUN:
        assert world.township.name not in everything, f"{url_name} as {role} names {world.township.name}"


# --- Every create and edit page has its generic suite (tests/generic.py) ------------------------------------


def _generic_cases() -> list[type[generic.ModelCase]]:
    """The concrete cases of every ``tests/<app>/test_generic.py``."""
    cases = []
    here = Path(__file__).parent
    for package in pkgutil.iter_modules([str(here)]):
        if package.ispkg and (here / package.name / "test_generic.py").exists():
            module = importlib.import_module(f"tests.{package.name}.test_generic")
            cases.extend(
                value
                for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, generic.ModelCase) and hasattr(value, "model")
            )
    return cases


def _is_create_or_edit_page(url_name: str) -> bool:
    return url_name.rsplit(":", 1)[-1].endswith(("_create", "_update", "_edit")) or discovery.subclass_of(
        url_name, ObjectEditView
    )


def test_no_generic_case_lacks_a_hook():
    """pytest quietly skips a test class it cannot build: a case missing one of its hooks would never run."""
    missing = {case.__name__: sorted(case.__abstractmethods__) for case in _generic_cases() if inspect.isabstract(case)}
    assert missing == {}


def test_every_create_and_edit_page_has_a_generic_case():
    covered: dict[str, type] = {}
    for case in _generic_cases():
        for attribute in ("create_url_name", "update_url_name"):
            if hasattr(case, attribute):
                covered[getattr(case, attribute)] = case.model
    pages = discovery.url_names_where(_is_create_or_edit_page)
    missing = [name for name in pages if name not in covered]
    assert not missing, f"Create/edit pages with no case in tests/<app>/test_generic.py: {missing}"
    wrong = [
        f"{name}: the page edits {model.__name__}, its case {covered[name].__name__}"
        for name in pages
        if (model := content.listed_model(name)) is not None and model is not covered[name]
    ]
    assert not wrong, "\n".join(wrong)


def test_every_writable_api_endpoint_has_a_generic_case():
    covered = {case.api_basename: case.model for case in _generic_cases() if issubclass(case, generic.ApiCases)}
    writable = [
        name.removeprefix("api:").removesuffix("-list")
        for name in discovery.url_names_where(content.is_api_list)
        if discovery.write_methods(name)
    ]
    missing = [basename for basename in writable if basename not in covered.keys() | generic.JOB_ENDPOINTS]
    assert not missing, f"Writable API endpoints with no case in tests/<app>/test_generic.py: {missing}"
    wrong = [
        basename
        for basename in writable
        if basename in covered and content.listed_model(f"api:{basename}-list") is not covered[basename]
    ]
    assert not wrong, f"API cases whose model is not the endpoint's: {wrong}"


def test_every_case_of_a_scoped_model_tries_to_move_a_row_out_of_scope():
    needs = {
        generic.CreateCases: generic.CreateOutOfScopeCases,
        generic.EditCases: generic.MoveOutOfScopeCases,
        generic.ApiCases: generic.ApiScopeCases,
    }
    lacking = [
        f"{case.__name__} lacks {scope_cases.__name__}"
        for case in _generic_cases()
        if generic.is_scoped(case.model)
        for cases, scope_cases in needs.items()
        if issubclass(case, cases) and not issubclass(case, scope_cases)
    ]
    assert not lacking, "\n".join(lacking)
