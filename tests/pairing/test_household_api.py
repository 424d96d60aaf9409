"""The households API: scoped like the pages, the resident ID masked for readers, the pages' duplicate checks
and messages, one income a household a year."""

from skilled_township.pairing.models import Household, HouseholdIncome

from .. import factories
from ..generic import api_client
from . import household_builders as built


def body(world, **changes):
    return {
        "village": world.village.pk,
        "head_name": "姚顺平",
        "id_number": factories.resident_id(born="19690909"),
        "members": 3,
        "labour_members": 1,
        **changes,
    }


def test_readers_see_households_in_scope_with_masked_ids(world, reviewer_a, secretary_of_other_township):
    household = built.household(world)
    rows = api_client(reviewer_a).get("/api/v1/households/").json()["results"]
    assert [(row["id"], row["id_number"]) for row in rows] == [(household.pk, household.masked_id_number)]
    assert api_client(secretary_of_other_township).get("/api/v1/households/").json()["results"] == []
    assert api_client(secretary_of_other_township).get(f"/api/v1/households/{household.pk}/").status_code == 404
    assert api_client(reviewer_a).post("/api/v1/households/", body(world)).status_code == 403


def test_keepers_see_the_full_id_and_create_in_their_villages_only(world, secretary_of_gaocun):
    client = api_client(secretary_of_gaocun)
    created = client.post("/api/v1/households/", body(world, id_number=factories.resident_id().lower()))
    assert created.status_code == 201, created.json()
    household = Household.objects.get()
    assert created.json()["id_number"] == household.id_number
    refused = client.post("/api/v1/households/", body(world, village=world.other_village.pk, id_number=""))
    assert refused.status_code == 400 and "village" in refused.json()
    refused = client.post("/api/v1/households/", body(world, village=world.township.pk))
    assert refused.status_code == 400 and "village" in refused.json()


def test_the_api_refuses_duplicates_with_the_pages_messages(world, secretary_of_gaocun):
    here = built.household(world, "姚顺平")
    elsewhere = built.household(world, "外乡户", village=world.other_village)
    client = api_client(secretary_of_gaocun)
    refused = client.post("/api/v1/households/", body(world, id_number=elsewhere.id_number, head_name="新户"))
    assert refused.json() == {"id_number": ["该身份证号码已在其他乡镇登记为农户，不能重复登记。"]}
    refused = client.post("/api/v1/households/", body(world, id_number=here.id_number, head_name="新户"))
    assert "已登记为高村镇锦和村的农户“姚顺平”" in refused.json()["id_number"][0]
    namesake = client.post("/api/v1/households/", body(world))
    assert namesake.status_code == 400 and "本村已登记户主同名的农户" in namesake.json()["head_name"][0]
    confirmed = client.post("/api/v1/households/", body(world, confirm_namesake=True))
    assert confirmed.status_code == 201
    update = client.patch(f"/api/v1/households/{here.pk}/", {"members": 6}, format="json")
    assert update.status_code == 200 and update.json()["members"] == 6


def test_incomes_once_a_year_and_members_in_scope(world, secretary_of_gaocun, secretary_of_other_township):
    household = built.household(world)
    client = api_client(secretary_of_gaocun)
    income = {"household": household.pk, "year": 2025, "per_capita_net_income": "8800.00"}
    assert client.post("/api/v1/household-incomes/", income).status_code == 201
    again = client.post("/api/v1/household-incomes/", income)
    assert again.json() == {"year": ["该户 2025 年的人均纯收入已登记，请编辑原记录。"]}
    assert HouseholdIncome.objects.count() == 1
    other = api_client(secretary_of_other_township)
    assert other.post("/api/v1/household-incomes/", {**income, "year": 2024}).status_code == 400
    assert other.post("/api/v1/household-members/", {"household": household.pk, "name": "某人"}).status_code == 400
    assert client.post("/api/v1/household-members/", {"household": household.pk, "name": "某人"}).status_code == 201
    assert other.get("/api/v1/household-members/").json()["results"] == []
