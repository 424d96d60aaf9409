"""The 民情日志 list stays as cheap at 10,000 visits as at 10 (会同县 alone: 1,207 cadres, 7,000 pairs): the same
number of queries, pages read by key."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.pairing.models import Visit

from ..generic import api_client
from . import visit_builders as builders


def add_visits(world, count):
    """``count`` visits spread over four households of the persona's cadre, some confirmed."""
    from django.utils import timezone

    pairs = [builders.pairing(world, f"农户{n}", phone=f"1395555000{n}") for n in range(4)]
    start = datetime.date(2026, 1, 1)
    recorder = builders.recorder(world)
    now = timezone.now()
    Visit.objects.bulk_create(
        Visit(
            pairing=pairs[n % 4],
            cadre=pairs[n % 4].cadre,
            household=pairs[n % 4].household,
            visited_on=start + datetime.timedelta(days=n % 300),
            kind=Visit.Kind.values[n % 5],
            content=f"走访 {n}",
            recorded_by=recorder,
            confirmation="code" if n % 3 else "none",
            confirmed_at=now if n % 3 else None,
        )
        for n in range(count)
    )


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("persona", ["secretary_of_gaocun", "org_admin", "cadre_of_gaocun"])
def test_the_visit_list_takes_the_same_queries_at_10_and_10000_visits(world, persona, request, client):
    """Ten visits fit on one page and are counted from it; past one page the count is one more query, capped
    at 1,000 ("more than 1,000"), however many visits there are and however deep the page."""
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("pairing:visit_list")
    filtered = url + "?confirmed=no&month=2026-02"
    add_visits(world, 10)
    client.get(url)  # the session's first request reads what later ones find cached
    ten, _ = queries_of(client, url)
    ten_filtered, _ = queries_of(client, filtered)

    add_visits(world, 9_990)
    many, response = queries_of(client, url)
    page = response.context["page_obj"]
    deep, _ = queries_of(client, f"{url}?cursor={page.next_cursor}")

    assert page.count_capped and len(page.object_list) == 25
    assert many == deep == ten + 1
    assert queries_of(client, filtered)[0] == ten_filtered + 1


def test_the_api_list_takes_the_same_queries_at_10_and_10000_visits(world, secretary_of_gaocun):
    client = api_client(secretary_of_gaocun)
    url = reverse("api:visit-list")
    add_visits(world, 10)
    client.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 10
    add_visits(world, 9_990)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["next"]
    assert len(many) == len(few)
