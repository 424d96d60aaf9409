"""The plan page and the API show the same suggestions and shortfalls for a plan: one set of rules."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.learning.models import PlanRule
from skilled_township.learning.services import plans
from skilled_township.skills.models import Demand, TownshipRequiredSkill

from .. import factories


@pytest.fixture
def township_needs(world):
    economy = factories.skill_category("economy", "发展经济", 1)
    skills = {
        "citrus": factories.skill("JJ02", "柑桔栽培与管理", economy),
        "pigs": factories.skill("JJ11", "生猪养殖", economy),
        "ducks": factories.skill("JJ15", "芷江鸭养殖", economy),
    }
    TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=skills["citrus"])
    for skill, people in ((skills["pigs"], 9), (skills["ducks"], 4)):
        Demand.objects.create(
            village=world.village, skill=skill, source="visit", recorded_on=datetime.date(2026, 4, 1), headcount=people
        )
    PlanRule.objects.create(region=world.county, year=2026, min_electives=2)
    return skills


def test_a_new_plan_previews_required_skills_and_starts_with_the_largest_gap(world, township_needs):
    page = plans.plan_page(factories.cadre(world.township), 2026)
    assert page.plan is None and page.required_items == []
    assert page.required_preview == [township_needs["citrus"]]
    assert page.suggestions == [township_needs["pigs"], township_needs["ducks"]]
    assert page.initial_electives == [{"skill": township_needs["pigs"].pk}]


def test_the_page_and_the_api_agree_on_a_saved_plan(world, township_needs, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township)
    plan = plans.create_plan(person, 2026)
    plans.save_electives(plan, [(township_needs["pigs"], 3)])

    page = client_as(secretary_of_gaocun).get(reverse("learning:plan_edit", args=[person.pk, 2026]))
    shown = page.context["page"]
    assert [item.skill for item in shown.required_items] == [township_needs["citrus"]]
    # The elective already chosen is no longer suggested; the rule asks for two electives.
    assert shown.suggestions == [township_needs["ducks"]]
    assert shown.problems == ["选修 1 项，少于规定的 2 项"]
    assert shown.initial_electives == [{"skill": township_needs["pigs"].pk, "target_proficiency": 3}]
    html = page.content.decode()
    assert "芷江鸭养殖" in html and "选修 1 项，少于规定的 2 项" in html

    api = APIClient()
    api.force_authenticate(user=secretary_of_gaocun)
    row = api.get(f"/api/v1/learning-plans/{plan.pk}/").data
    assert row["suggestions"] == [{"skill": township_needs["ducks"].pk, "skill_name": "芷江鸭养殖"}]
    assert row["shortfalls"] == shown.problems


def test_both_doors_refuse_the_same_skill_twice_in_the_same_words(
    world, township_needs, secretary_of_gaocun, client_as
):
    person = factories.cadre(world.township)
    pigs = township_needs["pigs"].pk
    form = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
        "form-0-skill": pigs,
        "form-0-target_proficiency": "3",
        "form-1-skill": pigs,
        "form-1-target_proficiency": "2",
    }
    page = client_as(secretary_of_gaocun).post(reverse("learning:plan_edit", args=[person.pk, 2026]), form)
    api = APIClient()
    api.force_authenticate(user=secretary_of_gaocun)
    electives = [{"skill": pigs, "target_proficiency": 3}, {"skill": pigs, "target_proficiency": 2}]
    response = api.post(
        "/api/v1/learning-plans/", {"cadre": person.pk, "year": 2026, "electives": electives}, format="json"
    )
    assert response.status_code == 400
    assert (
        list(page.context["formset"].non_form_errors())
        == response.data["electives"]
        == ["同一技能只能选一次：生猪养殖"]
    )


def test_a_forged_count_of_electives_is_refused_without_building_a_thousand_forms(
    world, township_needs, secretary_of_gaocun, client_as
):
    """The page takes at most ``MAX_ELECTIVES`` electives: a count of forms beyond it (full-width digits read as
    a number) is refused at once, not answered after building and showing a thousand empty forms."""
    person = factories.cadre(world.township)
    url = reverse("learning:plan_edit", args=[person.pk, 2026])
    for total in ("１２３４５", "99999999999999999999"):
        form = {"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": "0", "form-0-skill": township_needs["pigs"].pk}
        page = client_as(secretary_of_gaocun).post(url, form)
        assert page.status_code == 200
        formset = page.context["formset"]
        assert len(formset.forms) <= plans.MAX_ELECTIVES
        assert formset.non_form_errors()
        assert not person.plans.exists()
