"""The pairing list and the at-risk list cost the same queries with 10 pairings as with 7,000 (会同县 held
7,000 pairs, seed 002): the target figures come as subqueries of the page's own query."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.cadres.models import Cadre, Education, Position
from skilled_township.core.resident_id import check_digit
from skilled_township.pairing.models import Household, HouseholdIncome, Pairing
from skilled_township.regions.models import Region, VillageIncome

from .. import factories


def resident_ids(count: int, start: int, area: str = "431225"):
    day = datetime.date(1950, 1, 1)
    for n in range(start, start + count):
        born = day + datetime.timedelta(days=n // 400)
        first17 = f"{area}{born:%Y%m%d}{n % 400 + 100:03d}"
        yield first17 + check_digit(first17)


def build_pairings(township: Region, count: int, cadres: int) -> None:
    """``count`` households in 20 villages of ``township``, each paired with one of ``cadres`` cadres (about six
    each), with two years of income for most and the villages' lines: the shape of a county's pairings."""
    villages = [
        Region.objects.create(code=f"{township.code[:9]}{n + 201:03d}", name=f"第{n + 1}村", parent=township)
        for n in range(20)
    ]
    for n, village in enumerate(villages):
        for year in (2024, 2025):
            VillageIncome.objects.create(village=village, year=year, per_capita_net_income=Decimal(11000 + 100 * n))
    ids = resident_ids(count + cadres, start=Household.objects.count() + Cadre.objects.count() + 1000)
    roster = Cadre.objects.bulk_create(
        Cadre(
            township=township,
            name=f"干部{n:04d}",
            id_number=next(ids),
            gender="M",
            birth_date=datetime.date(1985, 1, 1),
            mobile="13800000000",
            position=Position.STAFF,
            education=Education.BACHELOR,
        )
        for n in range(cadres)
    )
    homes = Household.objects.bulk_create(
        Household(village=villages[n % 20], head_name=f"户主{n:05d}", id_number=next(ids), members=4, labour_members=2)
        for n in range(count)
    )
    incomes = []
    for n, home in enumerate(homes):
        if n % 10 == 0:
            continue  # nothing recorded yet
        incomes.append(HouseholdIncome(household=home, year=2024, per_capita_net_income=Decimal(7000 + n % 3000)))
        incomes.append(HouseholdIncome(household=home, year=2025, per_capita_net_income=Decimal(8000 + n % 5000)))
    HouseholdIncome.objects.bulk_create(incomes)
    Pairing.objects.bulk_create(
        Pairing(
            cadre=roster[n % cadres],
            household=home,
            started_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=n % 300),
        )
        for n, home in enumerate(homes)
    )
    for cadre in roster:
        Household.objects.filter(pairings__cadre=cadre).update(paired_cadre=cadre)


@pytest.fixture
def huitong(world):
    county = factories.region("431225000000", "会同县", world.city)
    return factories.region("431225101000", "林城镇", county)


def measure(client, url):
    client.get(url)  # warm the caches of the first request
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries), elapsed, response.content.decode()


PAGES = [
    "pairing:pairing_list",
    "pairing:at_risk",
    "pairing:handover_list",
]


@pytest.mark.parametrize("url_name", PAGES)
def test_list_queries_do_not_grow_with_the_pairings(url_name, world, huitong, org_admin, client_as, request):
    client = client_as(org_admin)
    url = reverse(url_name)
    build_pairings(huitong, 10, 2)
    Cadre.objects.filter(township=huitong, name="干部0001").update(status="left", left_on="2026-01-01")
    small, small_time, _page = measure(client, url)
    build_pairings(factories.region("431225102000", "坪村镇", huitong.parent), 7000, 1167)
    Cadre.objects.filter(township__code="431225102000", name="干部0003").update(status="left", left_on="2026-01-01")
    large, large_time, page = measure(client, url)
    figures = (
        f"10 pairings {small} queries {small_time * 1000:.0f} ms; 7,000: {large} queries {large_time * 1000:.0f} ms"
    )
    print(f"\n{url_name}: {figures}")
    assert large == small
    if url_name == "pairing:pairing_list":
        assert "共 7" in page  # the count covers the whole set


def test_the_summary_queries_do_not_grow_with_the_pairings(world, huitong, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse("pairing:target_summary") + f"?region={huitong.parent.code}&year=2025"
    build_pairings(huitong, 10, 2)
    small, _t, _page = measure(client, url)
    build_pairings(factories.region("431225102000", "坪村镇", huitong.parent), 7000, 1167)
    large, _t, page = measure(client, url)
    assert large == small
    assert "7000" in page
