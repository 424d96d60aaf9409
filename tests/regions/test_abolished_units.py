"""A unit missing from a newer edition of the division codes (abolished) is not offered to new records on any
form or API, while the records that already hold it keep it, shown and still valid on edit."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from skilled_township.cadres.models import Cadre, EducationTarget
from skilled_township.learning.models import PlanRule
from skilled_township.skills.models import Demand

from .. import factories, objects
from ..generic import api_client, posted_values


@pytest.fixture
def abolished(world):
    """吕家坪镇 and its village merged away in 2023, and 芷江县 too; 锦江镇 (with 锦江村) still exists."""
    jinjiang = factories.region("431226103000", "锦江镇", world.county)
    factories.region("431226103201", "锦江村", jinjiang)
    for unit in (world.other_township, world.other_village, world.other_county):
        unit.abolished_year = 2023
        unit.save()
    return world


def select_values(html: str, name: str) -> list[str]:
    """The option values of the page's select ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="(\d*)"', select.group(0))


# URL of a create page, its field, the abolished unit (attribute of the world) and a current one it offers.
NEW_RECORD_CHOICES = [
    ("regions:income_create", "township", "other_township", "township"),
    ("regions:pilot_create", "township", "other_township", None),
    ("skills:demand_create", "township", "other_township", "township"),
    ("skills:required_create", "township", "other_township", "township"),
    ("cadres:cadre_create", "township", "other_township", "township"),
    ("cadres:target_create", "region", "other_county", "county"),
    ("learning:rule_create", "region", "other_county", "county"),
    ("accounts:user_create", "scope", "other_township", "township"),
]


@pytest.mark.parametrize(("url_name", "field", "unit", "current"), NEW_RECORD_CHOICES)
def test_a_new_record_is_not_offered_an_abolished_unit(url_name, field, unit, current, abolished, org_admin, client_as):
    page = client_as(org_admin).get(reverse(url_name))
    assert page.status_code == 200
    offered = select_values(page.content.decode(), field)
    assert str(getattr(abolished, unit).pk) not in offered
    assert current is None or str(getattr(abolished, current).pk) in offered
    assert getattr(abolished, unit) not in page.context["form"].fields[field].queryset


@pytest.mark.parametrize("url_name", ["regions:income_create", "skills:demand_create"])
def test_a_new_record_cannot_be_given_an_abolished_village(url_name, abolished, org_admin, client_as):
    client = client_as(org_admin)
    page = client.get(reverse(url_name))
    data = {
        **posted_values(page),
        "village": abolished.other_village.pk,
        "year": 2026,
        "per_capita_net_income": "9000",
        "skill": objects.skill(abolished).pk,
        "source": "visit",
        "recorded_on": "2026-03-01",
        "headcount": 2,
    }
    response = client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert "village" in response.context["form"].errors


def _income(world):
    return factories.income(world.other_village, 2024, "9000")


def _demand(world):
    return Demand.objects.create(
        village=world.other_village,
        skill=objects.skill(world),
        source="visit",
        recorded_on=datetime.date(2024, 5, 1),
    )


def _cadre(world):
    return factories.cadre(world.other_township, "吕家坪干部")


def _account(world):
    return factories.user("clerk_lvjiaping", "township_secretary", world.other_township)


def _target(world):
    return EducationTarget.objects.create(region=world.other_county, group="leadership", target_percent=Decimal("80"))


def _rule(world):
    return PlanRule.objects.create(region=world.other_county, year=2024, min_electives=1)


# URL of an edit page, the record holding an abolished unit, the field holding it and a change to save.
EDITS = [
    ("regions:income_update", _income, "village", {"per_capita_net_income": "9100.00"}),
    ("skills:demand_update", _demand, "village", {"headcount": 4}),
    ("cadres:cadre_update", _cadre, "township", {"mobile": "13900001111"}),
    ("accounts:user_update", _account, "scope", {"full_name": "吕家坪填报员"}),
    ("cadres:target_update", _target, "region", {"target_percent": "85.00"}),
    ("learning:rule_update", _rule, "region", {"min_electives": 2}),
]


@pytest.mark.parametrize(("url_name", "make", "field", "change"), EDITS)
def test_an_old_record_keeps_its_abolished_unit_on_edit(url_name, make, field, change, abolished, org_admin, client_as):
    record = make(abolished)
    unit = getattr(record, field)
    client = client_as(org_admin)
    url = reverse(url_name, args=[record.pk])
    page = client.get(url)
    assert f'<option value="{unit.pk}" selected>' in page.content.decode()

    response = client.post(url, {**posted_values(page), **change})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    record.refresh_from_db()
    assert getattr(record, field) == unit
    name, value = next(iter(change.items()))
    assert str(getattr(record, name)) == str(value)


def test_an_old_record_is_not_moved_to_another_abolished_unit(abolished, org_admin, client_as):
    lost = factories.region("431226103202", "旧村", abolished.other_township)
    lost.abolished_year = 2023
    lost.save()
    demand = _demand(abolished)
    client = client_as(org_admin)
    url = reverse("skills:demand_update", args=[demand.pk])
    response = client.post(url, {**posted_values(client.get(url)), "village": lost.pk, "township": ""})
    assert response.status_code == 200 and "village" in response.context["form"].errors
    demand.refresh_from_db()
    assert demand.village == abolished.other_village


# --- API ---------------------------------------------------------------------------------------------------


def test_the_api_refuses_an_abolished_unit_for_a_new_record_and_says_why(abolished, org_admin):
    client = api_client(org_admin)
    demands = Demand.objects.count()
    payload = {
        "village": abolished.other_village.pk,
        "skill": objects.skill(abolished).pk,
        "source": "visit",
        "recorded_on": "2026-03-01",
    }
    response = client.post(reverse("api:demand-list"), payload, format="json")
    assert response.status_code == 400
    assert response.data["village"] == ["吕家坪村已于2023年撤销，新记录不能再选择。"]
    assert Demand.objects.count() == demands

    cadre = {
        "township": abolished.other_township.pk,
        "name": "杨梅",
        "id_number": objects.new_resident_id("002"),
        "mobile": "13912345678",
        "position": "staff",
        "education": 4,
        "political_status": "party_member",
        "status": "in_post",
    }
    response = client.post(reverse("api:cadre-list"), cadre, format="json")
    assert response.status_code == 400
    assert response.data["township"] == ["吕家坪镇已于2023年撤销，新记录不能再选择。"]
    assert not Cadre.objects.filter(name="杨梅").exists()


def test_the_api_keeps_an_old_records_abolished_unit_but_moves_none_there(abolished, org_admin):
    client = api_client(org_admin)
    old = _demand(abolished)
    url = reverse("api:demand-detail", args=[old.pk])
    response = client.patch(url, {"village": abolished.other_village.pk, "headcount": 6}, format="json")
    assert response.status_code == 200, response.data
    old.refresh_from_db()
    assert (old.village, old.headcount) == (abolished.other_village, 6)

    current = objects.demand(abolished)
    url = reverse("api:demand-detail", args=[current.pk])
    response = client.patch(url, {"village": abolished.other_village.pk}, format="json")
    assert response.status_code == 400
    assert "已于2023年撤销" in response.data["village"][0]
    current.refresh_from_db()
    assert current.village == abolished.village


# --- Township pickers of pages that make a record -------------------------------------------------------------


def test_a_page_that_logs_a_new_record_offers_no_abolished_township_but_reports_still_do(
    abolished, org_admin, client_as
):
    client = client_as(org_admin)
    logging = client.get(reverse("learning:study_create"))
    assert abolished.other_township not in logging.context["townships"]
    assert abolished.township in logging.context["townships"]
    assert client.get(reverse("learning:study_create"), {"township": abolished.other_township.pk}).status_code == 404
    overview = client.get(reverse("learning:plan_overview"))
    assert abolished.other_township in overview.context["townships"]
