"""What each list shows. The access matrix says who may open a list; this says what the list then holds.

Every list page, township report page, export and API list gets one entry (``tests/<app>/content.py``,
a ``LISTS`` dict keyed by URL name): a row of 高村镇 and how a user recognises it. The matrix then checks
that the row is in the list for 高村镇's secretary and the city's organisation department, and that neither
the row nor the name 高村镇 appears anywhere in it for a secretary of another township or an admin of another
county. Lists are discovered from the URL patterns (below), so a new list fails until it has its entry.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.urls import resolve, reverse

from skilled_township.core.views import ObjectListView
from skilled_township.regions.pages import RegionPageMixin, TownshipPageMixin

from . import discovery

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Roles whose scope reaches 高村镇 and who are expected to see its rows in every list they may open.
INSIDE = ("secretary", "org_admin")


@dataclass(frozen=True)
class Shows:
    #: Builds the row of 高村镇 from the test world (usually a builder of ``tests/objects.py``).
    row: Callable[[Any], Any]
    #: How a user recognises the row on a page or in a workbook: texts or link targets that must all be
    #: there. API lists are checked by the row's id.
    marks: Callable[[Any], tuple[str, ...] | str] | None = None
    #: Rows of the city-wide catalogue: shown to everyone who may open the list, whatever their scope.
    city_wide: bool = False

    def marks_of(self, row) -> tuple[str, ...]:
        assert self.marks is not None, "a page or an export needs the marks its row is recognised by"
        marks = self.marks(row)
        return (marks,) if isinstance(marks, str) else tuple(marks)


# --- Which URLs are lists -----------------------------------------------------------------------------------


def is_list_page(url_name: str) -> bool:
    """A page listing rows: an ``ObjectListView``, or a report about one township (picked with ``?township=``)
    or one region (``?region=``) that only reads."""
    if discovery.subclass_of(url_name, ObjectListView):
        return True
    return (
        picked_by(url_name) is not None
        and not discovery.write_methods(url_name)
        and not discovery.has_url_parameters(url_name)
    )


def picked_by(url_name: str) -> str | None:
    """The query parameter a report page picks its township or region by, if it is such a page."""
    if discovery.subclass_of(url_name, TownshipPageMixin):
        return "township"
    if discovery.subclass_of(url_name, RegionPageMixin):
        return "region"
    return None


def pick_gaocun(url_name: str, world) -> dict[str, str]:
    """The query that picks 高村镇 on a report page."""
    return {"township": world.township.pk} if picked_by(url_name) == "township" else {"region": world.township.code}


def is_api_list(url_name: str) -> bool:
    actions = discovery.router_actions(url_name)
    return actions is not None and actions.get("get") == "list"


def is_export(url_name: str) -> bool:
    return url_name.endswith("_export")


def listed_model(url_name: str) -> type | None:
    """The model a list page or API list shows, where its view names one."""
    cls = discovery.view_class(url_name)
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    return getattr(cls, "model", None)


def discover() -> list[str]:
    return discovery.url_names_where(lambda name: is_list_page(name) or is_api_list(name) or is_export(name))


# --- The entries, one module per app -----------------------------------------------------------------------


def _collect() -> tuple[dict[str, Shows], set[str]]:
    lists: dict[str, Shows] = {}
    no_rows: set[str] = set()
    here = Path(__file__).parent
    for package in pkgutil.iter_modules([str(here)]):
        if not package.ispkg or not (here / package.name / "content.py").exists():
            continue
        module = importlib.import_module(f"tests.{package.name}.content")
        clash = set(module.LISTS) & set(lists)
        assert not clash, f"URL names listed twice in the list-content entries: {clash}"
        lists.update(module.LISTS)
        no_rows |= set(getattr(module, "NO_ROWS", ()))
    return lists, no_rows


#: URL name → the row of 高村镇 its list shows.
LISTS, NO_ROWS = _collect()
#: ``NO_ROWS``: files that carry no rows at all (an import template), so they need no entry.


# --- Reading what the user gets -----------------------------------------------------------------------------


class _PageReader(HTMLParser):
    """The text and link targets of a page's content (``<main>``), leaving out its forms: a filter's or a
    picker's choices are not rows of the list."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.in_form = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        elif tag == "form":
            self.in_form += 1
        if self.in_main and not self.in_form:
            self.parts.extend(value for name, value in attrs if name == "href" and value)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        elif tag == "form":
            self.in_form -= 1

    def handle_data(self, data):
        if self.in_main and not self.in_form:
            self.parts.append(data)


def page_content(html: str) -> str:
    reader = _PageReader()
    reader.feed(html)
    return "\n".join(reader.parts)


def workbook_cells(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def fetch_export(client, url: str) -> bytes:
    """The workbook a user takes away: downloaded at once, or (for a long export) produced by the worker from
    the job the POST queued, then downloaded from the file's page."""
    from skilled_township.core.tasks import generate_file

    response = client.get(url)
    if response.status_code == 405 or asks_to_confirm_an_export(response):
        response = client.post(url)
    if response.status_code == 302:
        match = resolve(response["Location"].split("?")[0])
        assert match.view_name == "files:detail", f"{url} redirected to {response['Location']}, not to a file"
        assert generate_file(match.kwargs["pk"]) == "done"
        response = client.get(reverse("files:download", kwargs=match.kwargs))
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert response["Content-Type"].startswith(XLSX), f"{url} is not an Excel file"
    return b"".join(response.streaming_content) if response.streaming else response.content


def asks_to_confirm_an_export(response) -> bool:
    """The page a long list export answers a GET with: the row count and a form to have the file prepared in
    the background (a POST to the same address)."""
    return response.status_code == 200 and "core/export_confirm.html" in [t.name for t in response.templates or []]


def produces_a_file(response) -> bool:
    """An Excel download, a redirect to a file produced in the background, or the page that offers one."""
    if response.get("Content-Type", "").startswith(XLSX) or asks_to_confirm_an_export(response):
        return True
    if response.status_code == 302:
        try:
            return resolve(response["Location"].split("?")[0]).view_name == "files:detail"
        except Exception:
            return False
    return False
