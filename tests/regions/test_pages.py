from django.urls import reverse

from skilled_township.regions.models import PilotTownship, Region, VillageIncome

from .. import factories


def test_org_admin_adds_a_village_under_a_township(world, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse("regions:region_create", args=[world.township.code])
    response = client.post(url, {"code": "431226101202", "name": "楠木桥村"})
    assert response.status_code == 302
    village = Region.objects.get(code="431226101202")
    assert village.parent == world.township and village.level == Region.Level.VILLAGE


def test_a_code_outside_the_parent_prefix_is_refused_and_nothing_saved(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.post(
        reverse("regions:region_create", args=[world.township.code]), {"code": "431228101201", "name": "错村"}
    )
    assert response.status_code == 200
    assert "431226101" in response.content.decode()  # the message names the prefix to use
    assert not Region.objects.filter(code="431228101201").exists()


def test_pilot_form_offers_only_townships_in_scope_that_are_not_pilots_yet(world, org_admin, client_as):
    client = client_as(org_admin)
    form = client.get(reverse("regions:pilot_create")).context["form"]
    assert list(form.fields["township"].queryset) == [world.other_township]

    response = client.post(
        reverse("regions:pilot_create"),
        {
            "township": world.other_township.pk,
            "batch": 2,
            "start_year": 2025,
            "lead_industry": "生猪养殖",
            "status": "active",
        },
    )
    assert response.status_code == 302
    pilot = PilotTownship.objects.get(township=world.other_township)
    assert pilot.batch_label == "第二批"
    listing = client.get(reverse("regions:pilot_list")).content.decode()
    assert "吕家坪镇" in listing and "生猪养殖" in listing


def test_county_admin_cannot_pick_a_township_of_another_county(world, org_admin_of_other_county, client_as):
    client = client_as(org_admin_of_other_county)
    response = client.post(
        reverse("regions:pilot_create"),
        {
            "township": world.other_township.pk,
            "batch": 1,
            "start_year": 2025,
            "lead_industry": "茶叶",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "township" in response.context["form"].errors
    assert not PilotTownship.objects.filter(township=world.other_township).exists()


def test_pilot_edit_keeps_the_township_and_records_the_change(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.post(
        reverse("regions:pilot_update", args=[world.pilot.pk]),
        {
            "township": world.other_township.pk,
            "batch": 1,
            "start_year": 2024,
            "lead_industry": "脐橙",
            "status": "active",
        },
    )
    assert response.status_code == 302
    world.pilot.refresh_from_db()
    assert world.pilot.township == world.township  # the township field is locked on edit
    assert world.pilot.lead_industry == "脐橙"


def test_income_line_once_per_village_and_year(world, org_admin, client_as):
    client = client_as(org_admin)
    data = {"village": world.village.pk, "year": 2025, "per_capita_net_income": "13000.00", "source": "统计站"}
    response = client.post(reverse("regions:income_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert VillageIncome.objects.get(village=world.village, year=2025).per_capita_net_income == 12000


def test_income_list_filters_by_township(world, org_admin, client_as):
    factories.income(world.other_village, 2025, "9000")
    client = client_as(org_admin)
    response = client.get(reverse("regions:income_list"), {"township": world.other_township.pk})
    rows = list(response.context["table"].data)
    assert [row.village for row in rows] == [world.other_village]


def test_region_tree_starts_at_the_users_scope(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    response = client.get(reverse("regions:region_tree"))
    assert response["Location"] == reverse("regions:region_detail", args=[world.township.code])
    page = client.get(response["Location"]).content.decode()
    assert "锦和村" in page and "吕家坪" not in page


def test_an_abolished_unit_stays_on_its_records_but_is_not_offered_for_new_ones(world, org_admin, client_as):
    income = factories.income(world.other_village, 2024, "9000")
    for unit in (world.other_township, world.other_village):
        unit.abolished_year = 2023
        unit.save()
    client = client_as(org_admin)

    county = client.get(reverse("regions:region_detail", args=[world.county.code])).content.decode()
    assert "吕家坪镇" in county and "2023年已撤销" in county
    assert list(client.get(reverse("regions:pilot_create")).context["form"].fields["township"].queryset) == []
    new_line = client.get(reverse("regions:income_create")).context["form"].fields["village"].queryset
    assert list(new_line) == [world.village]
    old_line = client.get(reverse("regions:income_update", args=[income.pk])).context["form"]
    assert world.other_village in old_line.fields["village"].queryset
    response = client.post(
        reverse("regions:income_update", args=[income.pk]),
        {"village": world.other_village.pk, "year": 2024, "per_capita_net_income": "9100.00", "source": "统计站"},
    )
    assert response.status_code == 302
    assert VillageIncome.objects.get(pk=income.pk).per_capita_net_income == 9100
    assert "吕家坪村" in client.get(reverse("regions:income_list")).content.decode()
