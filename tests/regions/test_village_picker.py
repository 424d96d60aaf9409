"""Picking a village: first the township, then one of its villages (regions.pickers), on the forms of village
income lines and villagers' demand, and the village options a township select asks for."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.core.context import acting_as
from skilled_township.regions.loading import read_rows
from skilled_township.regions.models import Region, VillageIncome
from skilled_township.regions.services import load_region_tree
from skilled_township.skills.models import Demand

from .. import factories, objects
from ..content import page_content
from ..generic import posted_values

FORMS = ["regions:income_create", "skills:demand_create"]


def options(html: str, name: str) -> list[tuple[str, str]]:
    """(value, text) of every option of the page's select ``name`` (or of an options fragment)."""
    if name:
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
        assert select, f"no select {name}"
        html = select.group(0)
    return [(value, text.strip()) for value, text in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)]


def villages_offered(html: str, name: str = "village") -> list[str]:
    return [text for value, text in options(html, name) if value]


@pytest.fixture
def jinjiang(world):
    """A third township of 麻阳 with three villages, one of them abolished."""
    township = factories.region("431226103000", "锦江镇", world.county)
    for code, name in (("201", "锦江村"), ("202", "长潭村"), ("203", "旧坪村")):
        factories.region(f"431226103{code}", name, township)
    Region.objects.filter(name="旧坪村").update(abolished_year=2023)
    return township


def fill(form_url: str, world) -> dict:
    """The rest of a valid income line or demand entry."""
    if form_url.startswith("regions:"):
        return {"year": 2026, "per_capita_net_income": "12000", "source": "统计站"}
    return {"skill": objects.skill(world).pk, "source": "visit", "recorded_on": "2026-03-01", "headcount": 2}


# --- The village options ------------------------------------------------------------------------------------


def test_the_village_options_are_the_current_villages_of_one_township(world, jinjiang, org_admin, client_as):
    client = client_as(org_admin)
    response = client.get(reverse("regions:village_options"), {"township": jinjiang.pk})
    assert response.status_code == 200
    assert options(response.content.decode(), "")[0][0] == ""  # the empty choice first
    assert villages_offered(response.content.decode(), "") == ["锦江村", "长潭村"]

    gaocun = client.get(reverse("regions:village_options"), {"township": world.township.pk}).content.decode()
    assert villages_offered(gaocun, "") == ["锦和村"]
    nothing = client.get(reverse("regions:village_options")).content.decode()
    assert villages_offered(nothing, "") == []


def test_the_village_options_keep_the_village_an_old_record_holds(world, jinjiang, org_admin, client_as):
    old = Region.objects.get(name="旧坪村")
    response = client_as(org_admin).get(reverse("regions:village_options"), {"township": jinjiang.pk, "keep": old.pk})
    assert villages_offered(response.content.decode(), "") == ["锦江村", "长潭村", "旧坪村"]
    # Another township's village is not slipped in that way.
    elsewhere = {"township": jinjiang.pk, "keep": world.village.pk}
    assert "锦和村" not in client_as(org_admin).get(reverse("regions:village_options"), elsewhere).content.decode()


def test_a_township_outside_the_scope_gets_the_same_answer_as_one_that_does_not_exist(
    world, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    url = reverse("regions:village_options")
    own = client.get(url, {"township": world.township.pk})
    assert villages_offered(own.content.decode(), "") == ["锦和村"]

    outside = client.get(url, {"township": world.other_township.pk})
    missing = client.get(url, {"township": Region.objects.order_by("-pk").first().pk + 1000})
    assert outside.status_code == missing.status_code == 404
    assert page_content(outside.content.decode()) == page_content(missing.content.decode())
    assert "吕家坪" not in outside.content.decode()
    # A village is not a township either.
    assert client.get(url, {"township": world.village.pk}).status_code == 404
    assert client.get(url, {"township": "abc"}).status_code == 404


# --- The forms ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", FORMS)
def test_a_city_admin_picks_the_township_first(url_name, world, jinjiang, org_admin, client_as):
    html = client_as(org_admin).get(reverse(url_name)).content.decode()
    assert villages_offered(html) == []  # no village until a township is chosen
    townships = [text for value, text in options(html, "township") if value]
    assert townships == ["高村镇", "吕家坪镇", "锦江镇"]
    select = re.search(r'<select name="township".*?</select>', html, re.S).group(0)
    assert f'hx-get="{reverse("regions:village_options")}"' in select and 'hx-target="#id_village"' in select


@pytest.mark.parametrize("url_name", FORMS)
def test_without_javascript_a_submitted_township_lists_its_villages(url_name, world, jinjiang, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse(url_name)
    response = client.post(url, {**posted_values(client.get(url)), **fill(url_name, world), "township": jinjiang.pk})
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    html = response.content.decode()
    assert villages_offered(html) == ["锦江村", "长潭村"]
    assert f'<option value="{jinjiang.pk}" selected>' in html

    village = Region.objects.get(name="长潭村")
    data = {**posted_values(response), "village": village.pk}
    assert client.post(url, data).status_code == 302
    model = VillageIncome if url_name.startswith("regions:") else Demand
    assert model.objects.filter(village=village).exists()


@pytest.mark.parametrize("url_name", FORMS)
def test_a_village_of_another_township_than_the_one_chosen_is_refused(url_name, world, jinjiang, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse(url_name)
    model = VillageIncome if url_name.startswith("regions:") else Demand
    rows = model.objects.count()
    data = {**posted_values(client.get(url)), **fill(url_name, world), "township": jinjiang.pk}
    response = client.post(url, {**data, "village": world.village.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == ["所选的村不在所选乡镇。"]
    assert model.objects.count() == rows


def test_a_secretary_gets_no_township_choice_and_only_their_own_villages(
    world, jinjiang, secretary_of_gaocun, client_as
):
    html = client_as(secretary_of_gaocun).get(reverse("skills:demand_create")).content.decode()
    assert '<select name="township"' not in html
    assert villages_offered(html) == ["锦和村"]


def test_editing_starts_from_the_township_of_the_village_held(world, jinjiang, org_admin, client_as):
    village = Region.objects.get(name="长潭村")
    income = factories.income(village, 2024)
    html = client_as(org_admin).get(reverse("regions:income_update", args=[income.pk])).content.decode()
    assert f'<option value="{jinjiang.pk}" selected>' in html
    assert villages_offered(html) == ["锦江村", "长潭村"]
    assert f'<option value="{village.pk}" selected>' in html


def test_editing_a_line_of_an_abolished_village_keeps_it_on_offer(world, jinjiang, org_admin, client_as):
    old = Region.objects.get(name="旧坪村")
    income = factories.income(old, 2022)
    client = client_as(org_admin)
    url = reverse("regions:income_update", args=[income.pk])
    page = client.get(url)
    html = page.content.decode()
    assert villages_offered(html) == ["锦江村", "长潭村", "旧坪村"]
    assert f'hx-vals="{{&quot;keep&quot;: {old.pk}}}"' in html
    assert client.post(url, {**posted_values(page), "per_capita_net_income": "8800"}).status_code == 302
    assert VillageIncome.objects.get(pk=income.pk).per_capita_net_income == 8800


# --- The real city ------------------------------------------------------------------------------------------


@pytest.fixture
def huaihua(db):
    with acting_as(source="command"):
        city = load_region_tree(read_rows(settings.BASE_DIR / "fixtures" / "regions" / "431200.csv"), year=2023).city
    return city


@pytest.mark.parametrize("url_name", FORMS)
def test_a_city_admin_no_longer_downloads_every_village_of_the_city(url_name, huaihua, client_as):
    admin = factories.user("org_admin", Role.ORG_ADMIN, huaihua)
    client = client_as(admin)
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert villages_offered(html) == []
    assert len([value for value, _text in options(html, "township") if value]) == 207
    assert html.count("<optgroup") == 13
    # The 2,777 villages made this page 160 KiB.
    assert len(response.content) < 40 * 1024

    gaocun = Region.objects.get(code="431226106000")
    fragment = client.get(reverse("regions:village_options"), {"township": gaocun.pk})
    assert len(villages_offered(fragment.content.decode(), "")) == gaocun.children.count() < 60
    assert len(fragment.content) < 4 * 1024
