"""Long lists page by key: every row once, back and forth, with cursors nobody can break, counted once.

The study ledger and the audit trail are the lists that grow without bound; the roster stands for the short
lists that page by number.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.core.pagination import KeysetPaginator
from skilled_township.learning.models import StudyRecord

from .. import factories

LEDGER = reverse("learning:study_list")
AUDIT = reverse("accounts:audit_list")
TODAY = datetime.date(2026, 5, 31)


@pytest.fixture
def skills(db):
    return [factories.skill("JJ01", "水稻种植"), factories.skill("JJ11", "生猪养殖")]


def ledger(township, skills, count: int, start: int = 0, day: datetime.date = TODAY) -> list[int]:
    return factories.study_ledger(township, skills, count, name=f"学员{start}", day=day)


def link(response, rel: str) -> str | None:
    found = re.search(rf'<a class="page-link" rel="{rel}" href="([^"]*)"', response.content.decode())
    return unescape(found.group(1)) if found else None


def rows(response) -> list[int]:
    return [row.pk for row in response.context["table"].data]


def cursor_of(url: str) -> str:
    return re.search(r"cursor=([^&]+)", url).group(1)


def test_paging_forward_shows_every_record_once_while_new_ones_arrive(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    before = ledger(world.township, skills, 80)
    seen, url, added = [], LEDGER, 0
    while url:
        response = client.get(LEDGER + url if url.startswith("?") else url)
        assert response.status_code == 200
        seen += rows(response)
        url = link(response, "next")
        # Someone logs more study meanwhile: today's goes to the top, an old one further down.
        ledger(world.township, skills, 2, start=1000 + added)
        ledger(world.township, skills, 1, start=2000 + added, day=TODAY - datetime.timedelta(days=400))
        added += 1
    assert len(seen) == len(set(seen)), "a record was shown on two pages"
    assert set(before) <= set(seen), "a record was never shown"
    expected = list(StudyRecord.objects.filter(pk__in=seen).order_by("-studied_on", "-pk").values_list("pk", flat=True))
    assert seen == expected, "pages are not in the ledger's order"


def test_previous_goes_back_to_the_same_pages(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 70)
    first = client.get(LEDGER)
    second = client.get(LEDGER + link(first, "next"))
    third = client.get(LEDGER + link(second, "next"))
    assert "第 3 页" in third.content.decode() and link(third, "next") is None
    back = client.get(LEDGER + link(third, "prev"))
    assert rows(back) == rows(second) and "第 2 页" in back.content.decode()
    assert "cursor" not in link(back, "prev"), "the first page is the list itself"
    assert rows(client.get(LEDGER + link(back, "prev"))) == rows(first)
    assert len(rows(first)) == len(rows(second)) == 25 and len(rows(third)) == 20


def encoded(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "%%%",
        "eyJ",  # truncated base64
        encoded([1, 2]),
        encoded({"k": ["2026-05-01"], "b": 0, "n": 2, "f": ""}),  # a key missing
        encoded({"k": ["2026-13-45", 5], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 10**30], "b": 0, "n": 2, "f": ""}),  # beyond bigint
        encoded({"k": ["2026-05-01", "5\x00"], "b": 0, "n": 2, "f": ""}),
        encoded({"k": [None, 5], "b": 0, "n": 2, "f": ""}),
        encoded({"k": [["2026-05-01"], 5], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 5], "b": "yes", "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 5], "b": 0, "n": -1, "f": ""}),
        "A" * 5000,
    ],
)
def test_a_tampered_cursor_shows_the_first_page(world, skills, org_admin, client_as, cursor):
    client = client_as(org_admin)
    ledger(world.township, skills, 30)
    first = rows(client.get(LEDGER))
    response = client.get(LEDGER, {"cursor": cursor})
    assert response.status_code == 200 and rows(response) == first


@pytest.mark.parametrize(
    "timestamp", ["2026-05-01T10:00:00", "not a time", "2026-05-01T10:00:00+99:00", 12, "0000-01-01T00:00:00+00:00"]
)
def test_a_tampered_audit_cursor_shows_the_first_page(world, org_admin, client_as, timestamp):
    client = client_as(org_admin)
    AuditEntry.objects.bulk_create(
        AuditEntry(username="someone", action="update", region_code=world.township.code) for _ in range(30)
    )
    first = rows(client.get(AUDIT))
    response = client.get(AUDIT, {"cursor": encoded({"k": [timestamp, 5], "b": 0, "n": 2, "f": ""})})
    assert response.status_code == 200 and rows(response) == first


def test_changing_a_filter_starts_again_at_the_first_page(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 80)
    second = link(client.get(LEDGER), "next")
    rice = {"skill": skills[0].pk}
    filtered_first = rows(client.get(LEDGER, rice))
    moved = client.get(LEDGER, {**rice, "cursor": cursor_of(second)})
    assert rows(moved) == filtered_first
    # And the other way: a cursor made under a filter does not carry over to the whole ledger.
    filtered_next = link(client.get(LEDGER, rice), "next")
    assert rows(client.get(LEDGER, {"cursor": cursor_of(filtered_next)})) == rows(client.get(LEDGER))
    # Blank filters, as the filter form submits them, are no filter at all.
    assert rows(client.get(LEDGER, {"skill": "", "cadre_name": "", "cursor": cursor_of(second)})) == rows(
        client.get(LEDGER + second)
    )


def test_a_filtered_ledger_pages_through_only_matching_records(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 80)
    url, seen = f"?skill={skills[1].pk}", []
    while url:
        response = client.get(LEDGER + url)
        seen += rows(response)
        url = link(response, "next")
        assert url is None or f"skill={skills[1].pk}" in url
    assert sorted(seen) == sorted(StudyRecord.objects.filter(skill=skills[1]).values_list("pk", flat=True))


def test_a_secretary_pages_through_only_their_townships_records(world, skills, secretary_of_gaocun, client_as):
    ours = ledger(world.township, skills, 40)
    ledger(world.other_township, skills, 40, start=500)
    client = client_as(secretary_of_gaocun)
    first = client.get(LEDGER)
    second = client.get(LEDGER + link(first, "next"))
    assert sorted(rows(first) + rows(second)) == sorted(ours) and link(second, "next") is None
    assert "共 40 条" in first.content.decode()


def queries_on(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def counts(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if "COUNT(" in sql.upper()]


@pytest.mark.parametrize("deep", [False, True])
def test_the_ledger_costs_the_same_queries_however_long_and_counts_at_most_1001_rows(
    world, skills, org_admin, client_as, deep
):
    client = client_as(org_admin)
    client.get(reverse("home"))
    ledger(world.township, skills, 60)

    def page_url():
        url = LEDGER
        if deep:
            url = LEDGER + link(client.get(url), "next")
        return url

    small = queries_on(client, page_url())
    ledger(world.township, skills, 300, start=100)
    large = queries_on(client, page_url())
    assert len(small) == len(large)
    assert len(counts(large)) == 1
    assert "LIMIT 1001" in counts(large)[0], "the count must stop after 1,001 rows"


def test_the_audit_trail_costs_the_same_queries_however_long(world, org_admin, client_as):
    client = client_as(org_admin)
    client.get(reverse("home"))

    def grow(n):
        AuditEntry.objects.bulk_create(
            AuditEntry(username="someone", action="update", region_code=world.township.code) for _ in range(n)
        )

    grow(40)
    small = queries_on(client, AUDIT)
    grow(400)
    large = queries_on(client, AUDIT)
    deep = queries_on(client, AUDIT + link(client.get(AUDIT), "next"))
    assert len(small) == len(large) == len(deep)
    assert len(counts(large)) == len(counts(deep)) == 1


def test_a_list_that_fits_on_one_page_is_not_counted(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 7)
    assert counts(queries_on(client, LEDGER)) == []
    assert "共 7 条" in client.get(LEDGER).content.decode()


def test_beyond_a_thousand_records_the_ledger_says_more_than_1000(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 1000)
    assert "共 1000 条" in client.get(LEDGER).content.decode()
    ledger(world.township, skills, 1, start=1)
    page = client.get(LEDGER).content.decode()
    assert "超过 1000 条" in page and "共 1001 条" not in page


def test_the_roster_counts_once(world, org_admin, client_as):
    for n in range(30):
        factories.cadre(world.township, f"干部{n:02d}")
    client = client_as(org_admin)
    client.get(reverse("home"))
    sqls = queries_on(client, reverse("cadres:cadre_list"))
    assert len(counts(sqls)) == 1
    page = client.get(reverse("cadres:cadre_list"), {"page": 2})
    assert "共 30 条" in page.content.decode() and "2 / 2" in page.content.decode()
    assert len(page.context["table"].page.object_list) == 5


@pytest.mark.parametrize("per_page", ["-1", "0", "99999999", "abc"])
def test_the_roster_keeps_its_page_size_whatever_the_address_asks(world, org_admin, client_as, per_page):
    for n in range(30):
        factories.cadre(world.township, f"干部{n:02d}")
    client = client_as(org_admin)
    for page, shown in (("1", 25), ("2", 5), ("-1", 5), ("999999", 5), ("abc", 25)):
        response = client.get(reverse("cadres:cadre_list"), {"per_page": per_page, "page": page})
        assert response.status_code == 200, (per_page, page)
        assert len(response.context["table"].page.object_list) == shown, (per_page, page)


def test_the_roster_still_sorts_by_its_headers_but_the_ledger_keeps_its_order(world, skills, org_admin, client_as):
    for name in ("乙", "甲", "丙"):
        factories.cadre(world.township, name)
    client = client_as(org_admin)
    roster = client.get(reverse("cadres:cadre_list"))
    assert 'href="?sort=name"' in roster.content.decode()
    by_name = client.get(reverse("cadres:cadre_list"), {"sort": "-name"})
    names = [row.record.name for row in by_name.context["table"].page.object_list]
    assert names == list(Cadre.objects.order_by("-name").values_list("name", flat=True))

    ledger(world.township, skills, 10)
    response = client.get(LEDGER, {"sort": "cadre"})
    assert "<th" in response.content.decode() and '<a href="?sort=' not in response.content.decode()
    dates = [row.studied_on for row in response.context["table"].data]
    assert dates == sorted(dates, reverse=True)


def test_a_page_whose_rows_were_removed_shows_the_first_page(world, skills, org_admin, client_as):
    client = client_as(org_admin)
    ledger(world.township, skills, 30)
    first = client.get(LEDGER)
    StudyRecord.objects.exclude(pk__in=rows(first)).delete()
    response = client.get(LEDGER + link(first, "next"))
    assert response.status_code == 200 and rows(response) == rows(first)


def test_mixed_directions_page_in_order(world, skills):
    """Keys may sort in different directions (then the database cannot compare them as one row)."""
    ledger(world.township, skills, 23)
    records = StudyRecord.objects.all()
    paginator = KeysetPaginator(records, ("studied_on", "-id"), per_page=5)
    seen, page = [], paginator.page(None)
    while True:
        seen += [row.pk for row in page]
        if not page.has_next():
            break
        page = paginator.page(page.next_cursor)
    assert seen == list(records.order_by("studied_on", "-id").values_list("pk", flat=True))
    back = paginator.page(page.previous_cursor)
    assert [row.pk for row in back] == seen[15:20]


def test_audit_timestamps_apart_by_microseconds_are_not_skipped(world, org_admin, client_as):
    entries = AuditEntry.objects.bulk_create(
        AuditEntry(username="someone", action="update", region_code=world.township.code) for _ in range(30)
    )
    moment = timezone.now().replace(microsecond=0)
    for n, entry in enumerate(entries):
        AuditEntry.objects.filter(pk=entry.pk).update(timestamp=moment + datetime.timedelta(microseconds=n * 7))
    client = client_as(org_admin)
    first = client.get(AUDIT, {"username": "someone"})
    second = client.get(AUDIT + link(first, "next"))
    assert rows(first) + rows(second) == [entry.pk for entry in reversed(entries)]
