"""Per-township pages open on the user's own scope: never an empty "please choose" page for someone whose
scope has townships."""

import datetime

import pytest
from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.learning.models import StudyRecord

from .. import factories

# (The demand gap and the education structure start at the user's own scope, a county or the city included,
# and drill down from there: tests/learning/test_gap_roll_up.py, tests/cadres/test_education_structure.py.)
TOWNSHIP_PAGES = ("learning:plan_overview", "learning:monthly")


@pytest.fixture
def townships(world):
    """Besides 高村镇 (the pilot) and 吕家坪镇: 锦江镇, first by code in 麻阳 but not a pilot, and 芷江镇 in the
    other county."""
    return {
        "jinjiang": factories.region("431226100000", "锦江镇", world.county),
        "zhijiang": factories.region("431228101000", "芷江镇", world.other_county),
    }


@pytest.fixture
def county_admin(world):
    return factories.user("org_admin_mayang", Role.ORG_ADMIN, world.county)


def picker_options(html: str) -> list[str]:
    select = html[html.index('id="pick-township"') : html.index("</select>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in select.split("<option")[1:]]


@pytest.mark.parametrize("url_name", TOWNSHIP_PAGES)
def test_a_secretary_sees_their_own_township_without_a_choice(
    url_name, world, townships, secretary_of_gaocun, client_as
):
    response = client_as(secretary_of_gaocun).get(reverse(url_name))
    html = response.content.decode()
    assert response.context["township"] == world.township
    assert "请选择乡镇" not in html and 'id="pick-township"' not in html
    assert "高村镇" in html


@pytest.mark.parametrize("url_name", TOWNSHIP_PAGES)
def test_a_county_admin_starts_on_the_first_pilot_township_of_their_county(
    url_name, world, townships, county_admin, client_as
):
    response = client_as(county_admin).get(reverse(url_name))
    html = response.content.decode()
    assert response.context["township"] == world.township  # the pilot, though 锦江镇 comes first by code
    assert "请选择乡镇" not in html
    assert picker_options(html) == ["锦江镇", "高村镇 · 试点", "吕家坪镇"]
    assert f'<option value="{world.township.pk}" selected>' in html
    assert "<optgroup" not in html  # one county: no need to say which


@pytest.mark.parametrize("url_name", TOWNSHIP_PAGES)
def test_a_city_admin_starts_on_the_first_pilot_township_and_picks_across_counties(
    url_name, world, townships, org_admin, client_as
):
    client = client_as(org_admin)
    html = client.get(reverse(url_name)).content.decode()
    assert "请选择乡镇" not in html
    assert picker_options(html) == ["锦江镇", "高村镇 · 试点", "吕家坪镇", "芷江镇"]
    assert '<optgroup label="麻阳苗族自治县">' in html and '<optgroup label="芷江侗族自治县">' in html
    chosen = client.get(reverse(url_name), {"township": townships["zhijiang"].pk})
    assert chosen.context["township"] == townships["zhijiang"]


def test_without_a_pilot_the_first_township_of_the_scope_opens(world, townships, client_as):
    admin = factories.user("org_admin_zhijiang", Role.ORG_ADMIN, world.other_county)
    response = client_as(admin).get(reverse("learning:plan_overview"))
    assert response.context["township"] == townships["zhijiang"]
    assert "请选择乡镇" not in response.content.decode()


def test_a_township_outside_the_scope_is_not_found(world, townships, county_admin, client_as):
    response = client_as(county_admin).get(reverse("learning:monthly"), {"township": townships["zhijiang"].pk})
    assert response.status_code == 404


def test_the_study_form_starts_on_the_own_township_or_the_first_pilot(
    world, townships, secretary_of_gaocun, county_admin, client_as
):
    ours = factories.cadre(world.township, "本镇干部")
    factories.cadre(world.other_township, "外镇干部")
    secretary_page = client_as(secretary_of_gaocun).get(reverse("learning:study_create"))
    assert list(secretary_page.context["form"].fields["cadre"].queryset) == [ours]
    assert 'id="pick-township"' not in secretary_page.content.decode()

    admin_page = client_as(county_admin).get(reverse("learning:study_create"))
    assert list(admin_page.context["form"].fields["cadre"].queryset) == [ours]
    assert picker_options(admin_page.content.decode())[1] == "高村镇 · 试点"


def test_an_admin_edits_a_record_of_a_township_other_than_the_starting_one(world, townships, county_admin, client_as):
    theirs = factories.cadre(world.other_township, "外镇干部")
    colleague = factories.cadre(world.other_township, "外镇同事")
    skill = factories.skill("JJ02", "柑桔栽培与管理")
    record = StudyRecord.objects.create(
        cadre=theirs, studied_on=datetime.date(2026, 3, 1), hours="1", skill=skill, mode="group_study"
    )
    client = client_as(county_admin)
    url = reverse("learning:study_update", args=[record.pk])
    assert colleague in client.get(url).context["form"].fields["cadre"].queryset
    response = client.post(
        url, {"cadre": colleague.pk, "studied_on": "2026-03-02", "hours": "2", "skill": skill.pk, "mode": "group_study"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.cadre == colleague and record.studied_on == datetime.date(2026, 3, 2)
