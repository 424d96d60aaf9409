"""Every list filter, search box and other ``<form method="get">`` of the project, sent with hostile values in its
query string, is answered without a server error, in good time, and without writing anything.

The pages come from the access matrix (``tests/access.py``): every URL some role opens with GET. Each is opened as
the most powerful role that may (and, for a public page, by an anonymous visitor too); its GET forms are read with
the parser of ``tests/test_form_fuzz.py``, together with the query keys of the links that lead back to the page
(a table's sort headers, the pages of a list, a month's arrows) and the keys its view's code reads (``?round=``,
``?household=``, which the test world may show no link for), and the page is asked again with each payload of
``PAYLOADS`` in all those keys at once: very long text, numbers a careless or hostile client might type, impossible
dates, a choice that is not offered, a lone surrogate and emoji, every key twice, and the paging and sorting
parameters of a list (``page=-1``, ``sort=-password``…). Only when an answer fails is each key sent alone, to name
the culprit. The tables are counted before and after a page's requests (and, if a count moved, after each). A list's
Excel export (``*_export``) gets the filters of its list. The pages of one part of the project (a URL namespace)
share one test world. (A NUL in a query string is refused by a middleware, tested in
``tests/core/test_nul_characters.py``.)
"""

from __future__ import annotations

import inspect
import re
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, quote_from_bytes, urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django_filters.views import FilterView

from . import discovery
from .access import ACCESS
from .test_form_fuzz import (
    DATES,
    LONE_SURROGATE,
    NOT_OFFERED,
    NUMBERS,
    POWER,
    SLOW,
    Field,
    Form,
    FormParser,
    Value,
    changed,
    is_choice,
    is_date,
    is_id_number,
    is_number,
    is_text,
    rows_everywhere,
)

#: Query keys that page and order a list (django-tables2's, a plain paginator's, a keyset list's cursor).
LIST_KEYS = ("page", "sort", "per_page", "cursor")


# --- Reading the query keys of a page ------------------------------------------------------------------------


class LinkParser(HTMLParser):
    """The ``href`` of every link of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def get_forms(html: str) -> list[Form]:
    parser = FormParser(method="get")
    parser.feed(html)
    parser.close()
    return parser.forms


def link_keys(html: str, page_url: str) -> Form:
    """The query keys of the links that lead back to the page (sorting, paging, the next month), as one form."""
    parser = LinkParser()
    parser.feed(html)
    parser.close()
    form = Form(page_url, multipart=False)
    path = urlsplit(page_url).path
    for href in parser.hrefs:
        target = urlsplit(urljoin(page_url, href))
        if target.path != path or target.netloc not in ("", "testserver"):
            continue
        for name, value in parse_qsl(target.query, keep_blank_values=True):
            if name not in form.fields:
                form.add(name, "text" if name not in LIST_KEYS else "hidden", value, sent=False)
    return form


#: ``request.GET.get("round")``, ``request.GET["township"]``, ``"code" in request.GET``: a query key a view reads.
READS_KEY = re.compile(
    r"""GET(?:\.get|\.getlist)?[(\[]\s*["'](\w+)["']"""
    r"""|["'](\w+)["']\s+(?:not\s+)?in\s+(?:self\.)?request\.GET"""
)


@cache
def keys_read(url_name: str) -> list[str]:
    """The query keys the view's own code reads (its class and the project's classes it inherits), which a page
    may offer only through a link that the test world does not show (another round, a household's pairing)."""
    cls = discovery.view_class(url_name)
    callback = discovery.url_patterns()[url_name].callback
    sources = (
        [klass for klass in cls.__mro__ if klass.__module__.startswith("skilled_township")]
        if cls is not None
        else [inspect.unwrap(callback)]
    )
    found = [key for source in sources for match in READS_KEY.findall(inspect.getsource(source)) for key in match]
    return list(dict.fromkeys(key for key in found if key))


def is_list(url_name: str, form: Form) -> bool:
    """Whether the page pages or orders rows: its links do, its view is a paginated list or reads a page number."""
    cls = discovery.view_class(url_name)
    paginated = cls is not None and (hasattr(cls, "paginate_by") or hasattr(cls, "table_class"))
    return paginated or any(name in LIST_KEYS for name in [*form.fields, *keys_read(url_name)])


# --- Hostile query strings -----------------------------------------------------------------------------------


def numeric_choice(f: Field) -> bool:
    return is_choice(f) and any(option.isdigit() for option in f.options)


@dataclass(frozen=True)
class Payload:
    name: str
    #: What to send for a field (``None``: as the page gives it; a list: the key several times).
    fill: Callable[[Field], Value]
    #: Parameters added to the query string of a list (paging, sorting).
    extra: tuple[tuple[str, str], ...] = ()

    def touched(self, form: Form) -> list[str]:
        return [name for name, f in form.fields.items() if self.fill(f) is not None]


def _long(f: Field) -> Value:
    return "长x" * 5000 if is_text(f) or f.kind == "hidden" else None


def _numbers(index: int) -> Callable[[Field], Value]:
    def fill(f: Field) -> Value:
        if is_date(f):
            return DATES[index]
        if is_number(f) or is_id_number(f) or numeric_choice(f):
            return NUMBERS[index]
        return None

    return fill


def _not_offered(f: Field) -> Value:
    if f.name in LIST_KEYS:
        return None
    if numeric_choice(f) or (f.kind == "hidden" and f.value.isdigit()):
        return NOT_OFFERED  # a primary key that does not exist
    return "no-such-choice" if is_choice(f) else None


def _surrogate(f: Field) -> Value:
    if f.name in LIST_KEYS or f.kind in ("submit",):
        return None
    return "杨".encode() + LONE_SURROGATE + "大伯🌾👩‍🌾".encode()


def _twice(f: Field) -> Value:
    if f.kind == "submit":
        return None
    if is_choice(f):
        offered = [option for option in f.options if option] or ["1"]
        return [offered[0], offered[-1]]
    if is_date(f):
        return ["2026-03-02", "2026-03-01"]
    if is_number(f) or f.name in LIST_KEYS:
        return ["1", "2"]
    return ["杨", "大伯"]


PAYLOADS = [
    Payload("10,000 characters", _long),
    *(Payload(f"number {NUMBERS[i]!r}, date {DATES[i]!r}", _numbers(i)) for i in range(5)),
    Payload("a choice not offered, a primary key that does not exist", _not_offered),
    Payload("a lone surrogate and emoji", _surrogate),
    Payload("every key twice", _twice),
]
#: The paging and sorting parameters of a list, one value of each key a request (each sent alone if one fails).
LIST_PAYLOADS = [
    Payload(
        " & ".join(f"{key}={value}" for key, value in extra),
        lambda f: None,
        extra=extra,
    )
    for extra in (
        (("page", "-1"), ("sort", "nonexistent"), ("per_page", "-1"), ("cursor", "not-a-cursor")),
        (("page", "999999"), ("sort", "-password"), ("per_page", "99999999")),
        (("page", "abc"), ("sort", "name,-password"), ("per_page", "１０")),
    )
]


def _query_value(value: str | bytes) -> str:
    return quote_from_bytes(value if isinstance(value, bytes) else value.encode(), safe="")


def query_of(form: Form, payload: Payload, only: str | None = None) -> str:
    """The query string a browser would send for ``form`` with ``payload`` in its fields and its parameters (in
    the field or parameter ``only`` alone)."""
    pairs: list[tuple[str, str | bytes]] = []
    for name, f in form.fields.items():
        value = payload.fill(f) if only in (None, name) else None
        if value is None:
            pairs.extend((name, sent) for sent in f.sent)
        else:
            pairs.extend((name, one) for one in (value if isinstance(value, list) else [value]))
    pairs.extend((key, value) for key, value in payload.extra if only in (None, key))
    return "&".join(f"{quote(name, safe='')}={_query_value(value)}" for name, value in pairs)


# --- The cases -----------------------------------------------------------------------------------------------


def _cases():
    for url_name in sorted(ACCESS):
        if url_name.startswith("api:"):
            continue
        opens = [role for role in POWER if ACCESS[url_name].get.get(role) == 200]
        if not opens:
            continue
        yield url_name, opens[0]
        if "anonymous" in opens and opens[0] != "anonymous":
            yield url_name, "anonymous"


CASES = list(_cases())


def _ours(url: str) -> bool:
    try:
        resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return urlsplit(url).netloc in ("", "testserver")


@dataclass
class Answer:
    status: int
    error: str = ""
    seconds: float = 0.0


def ask(client, url: str) -> Answer:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            response = client.get(url)
    except Exception as error:  # a server error, reported with where it came from
        frames = traceback.extract_tb(error.__traceback__)
        last = ([frame for frame in frames if "skilled_township" in frame.filename] or frames)[-1]
        return Answer(500, f"{type(error).__name__}: {error} ({last.filename}:{last.lineno})"[:400])
    answer = Answer(response.status_code, seconds=time.perf_counter() - started)
    if response.status_code >= 500:
        answer.error = response.content[:200].decode(errors="replace")
    return answer


def requests_of(targets: list[tuple[str, Form, bool]]) -> Iterator[tuple[str, Form, Payload, list[str]]]:
    """Each request to send: the address, its form, the payload and the keys it touches."""
    for url, form, listed in targets:
        for payload in PAYLOADS + (LIST_PAYLOADS if listed else []):
            touched = payload.touched(form)
            if touched or payload.extra:
                yield url.split("?")[0], form, payload, touched or [key for key, _ in payload.extra]


def fuzz(client, role: str, targets: list[tuple[str, Form, bool]]) -> list[str]:
    """Ask each target address with every payload in its form; what went wrong, naming address, payload and key.
    The tables are counted before and after them all, and only if a count changed after each request."""
    failures = []
    if not targets:
        return failures
    before = rows_everywhere()
    for url, form, payload, touched in requests_of(targets):
        where = f"GET {url} as {role}, {payload.name} in {touched}"
        answer = ask(client, f"{url}?{query_of(form, payload)}")
        if answer.error:
            culprits = [
                f"{name}: {single.error}"
                for name in dict.fromkeys([*touched, *(key for key, _ in payload.extra)])
                if (single := ask(client, f"{url}?{query_of(form, payload, name)}")).error
            ]
            failures.append(
                f"{where}: {answer.status} {answer.error}"
                + "".join(f"\n    field {culprit}" for culprit in culprits)
                + ("" if culprits else "\n    (no field alone: only the fields together)")
            )
        if answer.seconds > SLOW:
            failures.append(f"{where}: answered {answer.status} after {answer.seconds:.1f} s")
    if written := changed(before, rows_everywhere()):
        # Which request wrote: each again, counting after each.
        rows, found = rows_everywhere(), False
        for url, form, payload, touched in requests_of(targets):
            answer = ask(client, f"{url}?{query_of(form, payload)}")
            after = rows_everywhere()
            if changes := changed(rows, after):
                failures.append(f"GET {url} as {role}, {payload.name} in {touched}: {answer.status}, changed {changes}")
                found = True
            rows = after
        if not found:
            failures.append(f"GET {targets[0][0]} as {role} with hostile query strings changed {written}")
    return failures


def merged(forms: list[Form]) -> Form:
    """One form holding the keys of several (a page's forms that ask the same address)."""
    into = Form(forms[0].action, multipart=False)
    for form in forms:
        for name, f in form.fields.items():
            into.fields.setdefault(name, f)
    return into


def targets_of(client, url_name: str, page_url: str, role: str) -> list[tuple[str, Form, bool]]:
    """The addresses the page's GET forms and its own links ask, each with the keys sent to it and whether it is
    a list; an export is asked with the keys of its list's filters."""
    cls = discovery.view_class(url_name)
    list_name = getattr(cls, "list_url_name", "") if url_name.endswith("_export") else ""
    shown_url = reverse(list_name) if list_name else page_url
    page = client.get(shown_url)
    assert page.status_code == 200, f"GET {shown_url} as {role}"
    if not page["Content-Type"].startswith("text/html"):
        return []  # a file or an answer to a program: no form to read
    html = page.content.decode()
    if discovery.subclass_of(url_name, FilterView):
        assert get_forms(html), f"{shown_url} shows {role} no filter form"
    by_address: dict[str, list[Form]] = {}
    for form in get_forms(html):
        address = urljoin(shown_url, form.action) if form.action else shown_url.split("?")[0]
        if _ours(address):
            by_address.setdefault(urlsplit(address).path, []).append(form)
    links = link_keys(html, shown_url)
    for name, value in parse_qsl(urlsplit(shown_url).query, keep_blank_values=True):
        links.add(name, "text", value, sent=True)  # what the page needs asked (its access row's query)
    for name in keys_read(url_name):
        if name not in links.fields and name not in LIST_KEYS:
            links.add(name, "hidden", "1", sent=False)  # read as a number or a date unless a form says otherwise
    if links.fields:
        by_address.setdefault(urlsplit(shown_url).path, []).append(links)
    if list_name:
        # The export reads the list's filters (not its paging or sorting): their keys are sent to the export.
        keys = by_address.get(urlsplit(shown_url).path, [])
        return [(page_url, merged(keys), False)] if keys else []
    own = urlsplit(page_url).path
    return [
        (address, merged(forms), address == own and is_list(url_name, merged(forms)))
        for address, forms in by_address.items()
    ]


#: The pages of each part of the project (a URL namespace), asked in one test world: most pages have no GET form,
#: and a world for each would cost more than all the requests.
PARTS = {
    part: [case for case in CASES if case[0].rpartition(":")[0] == part]
    for part, _, _ in (name.rpartition(":") for name, _ in CASES)
}


@pytest.mark.parametrize("part", sorted(PARTS), ids=[part or "top" for part in sorted(PARTS)])
def test_hostile_query_strings_to_every_page_are_answered_cleanly(part, world, personas, client_as):
    failures, signed_in = [], None
    for url_name, role in PARTS[part]:
        access = ACCESS[url_name]
        page_url = reverse(url_name, kwargs=access.kwargs(world, personas))
        if access.query:
            page_url += f"?{access.query}"
        if role != signed_in:  # signing in again for each page cost more than its requests
            client, signed_in = client_as(personas[role]), role
        targets = targets_of(client, url_name, page_url, role)
        failures += fuzz(client, role, targets)
    assert not failures, "\n".join(failures)


def test_the_fuzzer_reads_get_forms_links_back_and_the_keys_a_view_reads():
    html = """
    <form method="post"><input name="title"></form>
    <form method="get" action="">
      <input type="search" name="q" value="杨">
      <select name="township"><option value="">全部</option><option value="7">高村镇</option></select>
      <input type="date" name="since">
    </form>
    <a href="?sort=-name&amp;page=2">姓名</a> <a href="/elsewhere/?month=2026-03">别处</a>"""
    [form] = get_forms(html)
    assert {name: f.sent for name, f in form.fields.items()} == {"q": ["杨"], "township": [""], "since": [""]}
    assert (
        query_of(form, PAYLOADS[-1])
        == "q=%E6%9D%A8&q=%E5%A4%A7%E4%BC%AF&township=7&township=7&since=2026-03-02&since=2026-03-01"
    )
    not_offered = next(payload for payload in PAYLOADS if "not offered" in payload.name)
    assert "township=999999999" in query_of(form, not_offered)
    assert "since=2026-02-30" in query_of(form, next(p for p in PAYLOADS if "2026-02-30" in p.name))
    links = link_keys(html, "/cadres/")
    assert list(links.fields) == ["sort", "page"] and is_list("home", links)
    assert query_of(links, LIST_PAYLOADS[0]) == "page=-1&sort=nonexistent&per_page=-1&cursor=not-a-cursor"
    assert keys_read("assessment:star_list") == ["round"]
    assert keys_read("public:track") == ["code"]
