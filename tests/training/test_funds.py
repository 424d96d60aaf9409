"""Funds: a disbursement never exceeds what is left of its allocation, on the page, through the API and when two
people pay at the same moment; totals per base, township, county and city come from the database."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.training import services
from skilled_township.training.models import Disbursement, FundAllocation, TrainingBase

from .. import factories
from ..generic import api_client
from . import builders


def pay(client, allocation, amount, payee="高村镇政府"):
    data = {"allocation": allocation.pk, "amount": amount, "paid_on": "2026-04-01", "payee": payee, "note": ""}
    return client.post(reverse("training:disbursement_create"), data)


def test_a_disbursement_above_what_remains_is_refused_on_the_page(world, org_admin, client_as):
    allocation = builders.allocation(world, amount="100000")
    client = client_as(org_admin)
    assert pay(client, allocation, "60000").status_code == 302

    refused = pay(client, allocation, "40000.01")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "超出可拨付余额" in page and "还可拨付 40000.00 元" in page
    allocation.refresh_from_db()
    assert (allocation.disbursed, Disbursement.objects.count()) == (Decimal("60000"), 1)
    assert pay(client, allocation, "40000").status_code == 302
    allocation.refresh_from_db()
    assert allocation.remaining == 0


def test_raising_a_disbursement_past_the_allocation_is_refused_and_lowering_frees_money(world, org_admin, client_as):
    allocation = builders.allocation(world, amount="100000")
    paid = builders.disbursement(world)  # 20,000
    client = client_as(org_admin)
    url = reverse("training:disbursement_update", args=[paid.pk])
    base = {"amount": "100000.01", "paid_on": "2026-03-01", "payee": "高村镇政府", "note": ""}
    assert "超出可拨付余额" in client.post(url, base).content.decode()
    assert client.post(url, {**base, "amount": "5000"}).status_code == 302
    allocation.refresh_from_db()
    assert allocation.disbursed == Decimal("5000")
    assert client.post(reverse("training:disbursement_delete", args=[paid.pk])).status_code == 302
    allocation.refresh_from_db()
    assert allocation.disbursed == 0


def test_the_api_refuses_over_disbursement_in_the_same_words(world, org_admin):
    allocation = builders.allocation(world, amount="1000")
    body = {"allocation": allocation.pk, "amount": "1000.01", "paid_on": "2026-04-01", "payee": "高村镇政府"}
    response = api_client(org_admin).post(reverse("api:disbursement-list"), body, format="json")
    assert response.status_code == 400
    assert "超出可拨付余额" in response.data["amount"][0]
    assert Disbursement.objects.count() == 0


def test_an_allocation_cannot_be_lowered_below_what_was_paid(world, org_admin, client_as):
    allocation = builders.allocation(world, amount="100000")
    builders.disbursement(world)
    client = client_as(org_admin)
    data = {
        "year": 2026,
        "purpose": "construction",
        "funding_unit": "市委组织部",
        "amount": "10000",
        "allocated_on": "2026-02-01",
        "note": "",
    }
    response = client.post(reverse("training:allocation_update", args=[allocation.pk]), data)
    assert "已拨付 20000.00 元" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("100000")


def test_the_database_itself_refuses_disbursed_above_the_allocation(world):
    allocation = builders.allocation(world, amount="1000")
    with pytest.raises(IntegrityError), transaction.atomic():
        FundAllocation.objects.filter(pk=allocation.pk).update(disbursed=F("amount") + 1)


@pytest.mark.django_db(transaction=True)
def test_two_people_paying_at_the_same_moment_cannot_overspend():
    """Two requests, each on its own connection to PostgreSQL, pay 700 out of 1,000 at once: one is served, the
    other is told what remains (the allocation's row lock makes the second wait for the first)."""
    city = factories.region("431200000000", "怀化市")
    county = factories.region("431226000000", "麻阳苗族自治县", city)
    township = factories.region("431226101000", "高村镇", county)
    factories.user("pay_a", Role.ORG_ADMIN, city)
    factories.user("pay_b", Role.ORG_ADMIN, city)
    base = TrainingBase.objects.create(township=township, name="高村基地", area_mu=Decimal("10"))
    allocation = FundAllocation.objects.create(
        base=base, year=2026, purpose="construction", amount=Decimal("1000"), allocated_on=datetime.date(2026, 1, 5)
    )
    start = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def pay_as(username):
        try:
            client = Client()
            client.login(username=username, password=factories.PASSWORD)
            start.wait(timeout=10)
            statuses[username] = pay(client, allocation, "700", payee=username).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=pay_as, args=(name,)) for name in ("pay_a", "pay_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses.values()) == [200, 302], statuses
    allocation.refresh_from_db()
    assert allocation.disbursed == Decimal("700")
    assert list(Disbursement.objects.values_list("amount", flat=True)) == [Decimal("700")]


def test_totals_per_base_township_county_and_city_match_plain_sql(world, org_admin, client_as):
    gaocun = builders.base(world)
    second = TrainingBase.objects.create(township=world.township, name="高村二号基地", area_mu=Decimal("5"))
    zhijiang_town = factories.region("431228101000", "芷江镇", world.other_county)
    zhijiang = TrainingBase.objects.create(township=zhijiang_town, name="芷江鸭基地", area_mu=Decimal("20"))
    for base, amount in ((gaocun, "100000"), (second, "30000"), (zhijiang, "50000")):
        allocation = FundAllocation.objects.create(
            base=base, year=2026, purpose="construction", amount=Decimal(amount), allocated_on=datetime.date(2026, 2, 1)
        )
        services.save_disbursement(
            Disbursement(
                allocation=allocation, amount=Decimal(amount) / 4, paid_on=datetime.date(2026, 3, 1), payee="x"
            )
        )
    FundAllocation.objects.create(
        base=gaocun, year=2025, purpose="training", amount=Decimal("9999"), allocated_on=datetime.date(2025, 2, 1)
    )

    totals = services.fund_totals(FundAllocation.objects.visible_to(org_admin), 2026)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT county.name, SUM(a.amount), SUM(a.disbursed) FROM training_fundallocation a "
            "JOIN training_trainingbase b ON b.id = a.base_id JOIN regions_region t ON t.id = b.township_id "
            "JOIN regions_region county ON county.id = t.parent_id WHERE a.year = 2026 GROUP BY county.name"
        )
        by_county = {name: (allocated, paid) for name, allocated, paid in cursor.fetchall()}
    assert {r["base__township__parent__name"]: (r["allocated"], r["disbursed"]) for r in totals.counties} == by_county
    assert [(r["base__township__name"], r["allocated"]) for r in totals.townships] == [
        ("高村镇", Decimal("130000")),
        ("芷江镇", Decimal("50000")),
    ]
    assert (totals.total["allocated"], totals.total["disbursed"]) == (Decimal("180000"), Decimal("45000"))
    page = client_as(org_admin).get(reverse("training:fund_summary"), {"year": 2026}).content.decode()
    assert "180000.00" in page and "135000.00" in page


def test_the_living_allowance_of_each_tech_deputy_head_for_the_year(world, org_admin, client_as):
    builders.deputy(world)  # 1,500 a month from March 2025 for two years
    page = client_as(org_admin).get(reverse("training:fund_summary"), {"year": 2025}).content.decode()
    assert "舒科技" in page and "1500.00" in page and "15000.00" in page  # ten months of 2025
    assert services.months_in_year(datetime.date(2025, 3, 1), datetime.date(2027, 2, 28), 2026) == 12


def fund_list_queries(client, url_name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name)).status_code == 200
    return len(queries)


def add_allocations(world, count, start=0):
    bases = [
        TrainingBase(township=world.township, name=f"基地{n}", area_mu=Decimal("1"))
        for n in range(start, start + count)
    ]
    bases = TrainingBase.objects.bulk_create(bases)
    allocations = FundAllocation.objects.bulk_create(
        FundAllocation(
            base=b, year=2026, purpose="training", amount=Decimal("100"), allocated_on=datetime.date(2026, 1, 2)
        )
        for b in bases
    )
    Disbursement.objects.bulk_create(
        Disbursement(allocation=a, amount=Decimal("1"), paid_on=datetime.date(2026, 2, 2), payee="x")
        for a in allocations
    )


def test_fund_lists_cost_the_same_queries_for_10_and_300_allocations(world, org_admin, client_as):
    client = client_as(org_admin)
    add_allocations(world, 10)
    few = [fund_list_queries(client, name) for name in ("training:allocation_list", "training:disbursement_list")]
    add_allocations(world, 290, start=10)
    many = [fund_list_queries(client, name) for name in ("training:allocation_list", "training:disbursement_list")]
    print(f"allocation and disbursement list queries: {few} at 10 rows, {many} at 300 rows")
    assert few == many
