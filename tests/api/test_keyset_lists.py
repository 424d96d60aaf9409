"""API lists that grow without bound (the study ledger) page by cursor in one fixed order, never count the
whole list and refuse what they no longer do; short lists page by number and count once."""

from __future__ import annotations

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.learning import querysets
from skilled_township.learning.models import StudyRecord

from .. import factories

RECORDS = "/api/v1/study-records/"
TODAY = datetime.date(2026, 5, 31)


@pytest.fixture
def skills(db):
    return [factories.skill("JJ01", "水稻种植"), factories.skill("JJ11", "生猪养殖")]


def ledger(township, skills, count: int, name: str = "学员", day: datetime.date = TODAY) -> list[int]:
    return factories.study_ledger(township, skills, count, name=name, day=day)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def read_all(client, url: str = RECORDS, params: dict | None = None) -> list[dict]:
    """Every page, following ``next`` until it is null, as a client does."""
    response = client.get(url, params or {})
    pages = []
    while True:
        assert response.status_code == 200, response.content
        assert set(response.data) == {"next", "previous", "results"}, "no count on a cursor list"
        pages.append(response.data)
        if response.data["next"] is None:
            return pages
        response = client.get(response.data["next"])


def ids(page) -> list[int]:
    return [row["id"] for row in page["results"]]


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def encoded(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


def test_following_next_reads_every_record_once_in_the_ledgers_order(world, skills, org_admin):
    ledger(world.township, skills, 70)
    ledger(world.other_township, skills, 50, name="外镇学员")
    pages = read_all(api_as(org_admin))
    seen = [pk for page in pages for pk in ids(page)]
    assert [len(page["results"]) for page in pages] == [50, 50, 20]
    assert seen == list(StudyRecord.objects.order_by("-studied_on", "-id").values_list("pk", flat=True))
    assert pages[0]["previous"] is None


def test_previous_goes_back_to_the_same_records(world, skills, org_admin):
    ledger(world.township, skills, 120)
    first, second, third = read_all(api_as(org_admin))
    client = api_as(org_admin)
    back = client.get(third["previous"]).data
    assert ids(back) == ids(second)
    assert "cursor" not in back["previous"], "the page before the second is the list itself"
    assert ids(client.get(back["previous"]).data) == ids(first)


def test_filters_carry_through_the_pages_and_a_secretary_reads_only_their_township(world, skills, secretary_of_gaocun):
    ours = ledger(world.township, skills, 80)
    ledger(world.other_township, skills, 80, name="外镇学员")
    client = api_as(secretary_of_gaocun)
    assert sorted(pk for page in read_all(client) for pk in ids(page)) == sorted(ours)
    rice = read_all(client, params={"skill": skills[0].pk})
    assert all(f"skill={skills[0].pk}" in page["next"] for page in rice if page["next"])
    assert sorted(pk for page in rice for pk in ids(page)) == sorted(
        StudyRecord.objects.filter(pk__in=ours, skill=skills[0]).values_list("pk", flat=True)
    )


def test_a_cursor_with_nothing_beyond_it_is_an_empty_last_page(world, skills, org_admin):
    """Rows removed after the link was given: the client stops instead of starting again at the first page."""
    ledger(world.township, skills, 60)
    client = api_as(org_admin)
    first = client.get(RECORDS).data
    StudyRecord.objects.exclude(pk__in=ids(first)).delete()
    response = client.get(first["next"])
    assert response.status_code == 200
    assert response.data["results"] == [] and response.data["next"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "%%%",
        "eyJ",
        encoded([1, 2]),
        encoded({"k": ["2026-05-01"], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-13-45", 5], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 10**30], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", "5\x00"], "b": 0, "n": 2, "f": ""}),
        encoded({"k": [None, 5], "b": 0, "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 5], "b": "yes", "n": 2, "f": ""}),
        encoded({"k": ["2026-05-01", 5], "b": 0, "n": 2, "f": "0123456789ab"}),  # made under other filters
        "A" * 5000,
    ],
)
def test_a_tampered_cursor_is_refused_with_a_400(world, skills, org_admin, cursor):
    ledger(world.township, skills, 60)
    response = api_as(org_admin).get(RECORDS, {"cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.data


def test_a_cursor_made_under_other_filters_is_refused(world, skills, org_admin):
    ledger(world.township, skills, 120)
    client = api_as(org_admin)
    unfiltered_next = client.get(RECORDS).data["next"]
    assert client.get(RECORDS, {"skill": skills[0].pk, "cursor": cursor_of(unfiltered_next)}).status_code == 400
    # Blank filters are no filters: the cursor still belongs.
    assert client.get(RECORDS, {"skill": "", "cursor": cursor_of(unfiltered_next)}).status_code == 200


def test_page_numbers_and_other_orders_are_refused_saying_why(world, skills, org_admin):
    ledger(world.township, skills, 60)
    client = api_as(org_admin)
    by_number = client.get(RECORDS, {"page": 2})
    assert by_number.status_code == 400 and "next" in str(by_number.data["page"][0])
    by_hours = client.get(RECORDS, {"ordering": "hours"})
    assert by_hours.status_code == 400 and "-studied_on" in str(by_hours.data["ordering"][0])
    assert client.get(RECORDS, {"ordering": "studied_on"}).status_code == 400
    # The order it has anyway is accepted.
    assert ids(client.get(RECORDS, {"ordering": "-studied_on"}).data) == ids(client.get(RECORDS).data)


def queries_on(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def counts(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if "COUNT(" in sql.upper()]


@pytest.mark.parametrize("deep", [False, True])
def test_the_ledger_costs_the_same_queries_however_long_and_never_counts(world, skills, org_admin, deep):
    client = api_as(org_admin)

    def page_url():
        return client.get(RECORDS).data["next"] if deep else RECORDS

    ledger(world.township, skills, 120)
    small = queries_on(client, page_url())
    ledger(world.township, skills, 400, name="新学员")
    large = queries_on(client, page_url())
    assert len(small) == len(large)
    assert counts(large) == []
    assert not any("OFFSET" in sql.upper() for sql in large)


def test_the_ledger_names_the_cadres_of_a_small_township_like_the_page(
    world, skills, org_admin, secretary_of_gaocun, client_as, monkeypatch
):
    """Few cadres: their ids go into the query, so the database reads their records by cadre (the index
    study_cadre_date) rather than walking the whole city's ledger by date; many: the query stays as it was."""
    ledger(world.township, skills, 30)
    ledger(world.township, skills, 30, name="学员乙")
    ledger(world.other_township, skills, 30, name="外镇学员")
    monkeypatch.setattr(querysets, "NARROW_LEDGER_CADRES", 2)
    ours = sorted(StudyRecord.objects.filter(cadre__township=world.township).values_list("pk", flat=True))

    def records_query(sqls):
        return next(sql for sql in sqls if 'FROM "learning_studyrecord"' in sql)

    api = api_as(secretary_of_gaocun)
    assert '"learning_studyrecord"."cadre_id" IN (' in records_query(queries_on(api, RECORDS))
    assert sorted(pk for page in read_all(api) for pk in ids(page)) == ours
    page = client_as(secretary_of_gaocun)
    assert '"learning_studyrecord"."cadre_id" IN (' in records_query(queries_on(page, reverse("learning:study_list")))

    city = api_as(org_admin)  # three cadres in the city: more than the limit
    assert '"cadre_id" IN (' not in records_query(queries_on(city, RECORDS))
    assert '"cadre_id" IN (' in records_query(queries_on(city, f"{RECORDS}?township={world.township.pk}"))
    by_name = read_all(city, params={"cadre_name": "学员乙"})
    assert {row["cadre_name"] for page in by_name for row in page["results"]} == {"学员乙"}


def test_short_lists_page_by_number_and_count_once(world, org_admin):
    for n in range(55):
        factories.cadre(world.township, f"干部{n:02d}")
    client = api_as(org_admin)
    assert len(counts(queries_on(client, "/api/v1/cadres/"))) == 1
    second = client.get("/api/v1/cadres/", {"page": 2}).data
    assert second["count"] == 55 and len(second["results"]) == 5
