import datetime
import re

from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.models import AuditEntry
from skilled_township.regions.models import Region
from skilled_township.skills.models import Demand, Skill, SkillCategory, TownshipRequiredSkill
from skilled_township.skills.services import load_catalogue

from .. import factories


def test_the_catalogue_fixture_has_three_categories_and_57_skills_and_loads_idempotently(db):
    assert load_catalogue() == 57
    assert list(SkillCategory.objects.values_list("name", flat=True)) == [
        "发展经济",
        "维护社会稳定",
        "群众和基层组织工作",
    ]
    assert Skill.objects.count() == 57
    assert {"水稻种植", "柑桔栽培与管理", "生猪养殖", "矛盾纠纷调解", "电子商务"} <= set(
        Skill.objects.values_list("name", flat=True)
    )
    entries = AuditEntry.objects.count()
    load_catalogue()
    assert Skill.objects.count() == 57 and AuditEntry.objects.count() == entries


def test_a_retired_skill_is_no_longer_offered_but_its_history_stays(world, org_admin, secretary_of_gaocun, client_as):
    skill = factories.skill("JJ11", "生猪养殖")
    demand = Demand.objects.create(
        village=world.village, skill=skill, source="visit", recorded_on=datetime.date(2026, 3, 1)
    )
    response = client_as(org_admin).post(reverse("skills:skill_retire", args=[skill.pk]))
    assert response.status_code == 302
    skill.refresh_from_db()
    assert not skill.is_active

    form = client_as(secretary_of_gaocun).get(reverse("skills:demand_create")).context["form"]
    assert skill not in form.fields["skill"].queryset
    # The old entry still shows it and can still be edited with it.
    edit = client_as(secretary_of_gaocun).get(reverse("skills:demand_update", args=[demand.pk])).context["form"]
    assert skill in edit.fields["skill"].queryset
    assert Demand.objects.filter(skill=skill).exists()


def test_a_secretary_sets_required_skills_for_their_own_township_only(
    world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    skill = factories.skill("JJ02", "柑桔栽培与管理")
    data = {"township": world.township.pk, "year": 2026, "skill": skill.pk}
    refused = client_as(secretary_of_other_township).post(reverse("skills:required_create"), data)
    assert "township" in refused.context["form"].errors
    assert client_as(secretary_of_gaocun).post(reverse("skills:required_create"), data).status_code == 302
    required = TownshipRequiredSkill.objects.get()
    assert (
        client_as(secretary_of_other_township).post(reverse("skills:required_remove", args=[required.pk])).status_code
        == 404
    )
    assert TownshipRequiredSkill.objects.exists()


def test_demand_rules(world, secretary_of_gaocun, client_as):
    skill = factories.skill("JJ11", "生猪养殖")
    client = client_as(secretary_of_gaocun)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    data = {"village": world.village.pk, "skill": skill.pk, "source": "visit", "recorded_on": future, "headcount": 1}
    response = client.post(reverse("skills:demand_create"), data)
    assert "recorded_on" in response.context["form"].errors
    other = client.post(
        reverse("skills:demand_create"), {**data, "recorded_on": "2026-01-05", "village": world.other_village.pk}
    )
    assert "village" in other.context["form"].errors
    assert not Demand.objects.exists()
    ok = client.post(reverse("skills:demand_create"), {**data, "recorded_on": "2026-01-05"})
    assert ok.status_code == 302 and Demand.objects.get().village == world.village


def test_the_demand_list_costs_the_same_queries_for_5_and_50_entries(world, org_admin, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    skill = factories.skill("JJ11", "生猪养殖")
    client = client_as(org_admin)
    client.get(reverse("home"))

    def add(n):
        Demand.objects.bulk_create(
            Demand(village=world.village, skill=skill, source="call", recorded_on=datetime.date(2026, 2, 1))
            for _ in range(n)
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("skills:demand_list")).status_code == 200
        return len(queries)

    add(5)
    at_5 = count()
    add(45)
    assert count() == at_5


def test_the_demand_list_offers_villages_of_the_chosen_township_only(world, org_admin, secretary_of_gaocun, client_as):
    def villages_offered(client, query=None):
        page = client.get(reverse("skills:demand_list"), query or {}).content.decode()
        select = re.search(r'<select[^>]*name="village".*?</select>', page, re.S).group(0)
        return set(re.findall(r'<option value="(\d+)"', select))

    admin = client_as(org_admin)
    assert villages_offered(admin) == set()
    chosen = villages_offered(admin, {"township": world.township.pk})
    assert chosen == {str(pk) for pk in Region.objects.filter(parent=world.township).values_list("pk", flat=True)}
    assert str(world.other_village.pk) not in chosen
    # A link that names a village keeps working without its township.
    assert villages_offered(admin, {"village": world.village.pk}) == {str(world.village.pk)}
    # A secretary sees the villages of their own township without choosing it.
    assert villages_offered(client_as(secretary_of_gaocun)) == {str(world.village.pk)}
