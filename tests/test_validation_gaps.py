"""Dates have a lower bound, free text a length limit, and the API refuses fields it does not take."""

import datetime

import pytest
from django.urls import reverse

from skilled_township.cadres.models import Cadre
from skilled_township.learning.models import LearningPlan, StudyRecord
from skilled_township.skills.models import Demand

from . import factories, objects
from .generic import api_client


def test_a_study_date_before_the_programme_is_refused(world, secretary_of_gaocun):
    payload = {
        "cadre": objects.cadre(world).pk,
        "studied_on": "0001-01-01",
        "hours": "2",
        "skill": objects.skill(world).pk,
        "mode": "classroom",
    }
    response = api_client(secretary_of_gaocun).post(reverse("api:study-record-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["studied_on"] == ["日期不能早于 2000-01-01。"]
    assert not StudyRecord.objects.exists()

    accepted = api_client(secretary_of_gaocun).post(
        reverse("api:study-record-list"), {**payload, "studied_on": "2000-01-01"}, format="json"
    )
    assert accepted.status_code == 201


def test_a_demand_date_before_the_programme_is_refused(world, secretary_of_gaocun):
    payload = {
        "village": world.village.pk,
        "household_name": "杨大伯",
        "skill": objects.skill(world).pk,
        "source": "survey",
        "recorded_on": "1999-12-31",
    }
    response = api_client(secretary_of_gaocun).post(reverse("api:demand-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["recorded_on"] == ["日期不能早于 2000-01-01。"]
    assert not Demand.objects.exists()


@pytest.mark.parametrize(
    ("left_on", "message"),
    [
        ("0001-01-01", "日期不能早于 1950-01-01。"),
        ("1987-06-01", "离岗日期不能早于出生日期。"),  # born 1988-05-12
    ],
)
def test_a_left_date_before_birth_or_1950_is_refused_on_the_page(
    world, secretary_of_gaocun, client_as, left_on, message
):
    cadre = factories.cadre(world.township, "龙建国")
    url = reverse("cadres:cadre_update", args=[cadre.pk])
    data = {
        "township": world.township.pk,
        "name": cadre.name,
        "id_number": cadre.id_number,
        "mobile": cadre.mobile,
        "position": cadre.position,
        "education": cadre.education,
        "political_status": cadre.political_status,
        "status": "left",
        "left_on": left_on,
    }
    response = client_as(secretary_of_gaocun).post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.status == Cadre.Status.IN_POST and cadre.left_on is None


def test_notes_over_the_limit_are_refused_by_page_api_and_model(world, secretary_of_gaocun, client_as):
    record = objects.study_record(world)
    url = reverse("api:study-record-detail", args=[record.pk])
    response = api_client(secretary_of_gaocun).patch(url, {"notes": "字" * 200_000}, format="json")
    assert response.status_code == 400 and "notes" in response.json()

    demand = objects.demand(world)
    demand.note = "字" * 2001
    with pytest.raises(Exception, match="2000"):
        demand.full_clean()

    cadre = objects.cadre(world)
    cadre.note = "字" * 2000  # the limit itself is accepted
    cadre.full_clean()
    record.refresh_from_db()
    assert record.notes == ""


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"year": 2030}, "year", None),
        ({"items": [{"skill": 1, "kind": "elective"}]}, "items", "该字段只读，不能修改。"),
        ({"id": 999}, "id", "该字段只读，不能修改。"),
        ({"colour": "red", "note": "新备注"}, "colour", "未知字段，不能提交。"),
    ],
)
def test_patching_a_field_the_api_does_not_take_is_refused_loudly(world, secretary_of_gaocun, body, field, message):
    plan = objects.learning_plan(world)
    url = reverse("api:learning-plan-detail", args=[plan.pk])
    response = api_client(secretary_of_gaocun).patch(url, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    plan.refresh_from_db()
    assert (plan.year, plan.note) == (2026, "")
    assert LearningPlan.objects.get(pk=plan.pk).pk == plan.pk


def test_a_known_field_is_still_accepted(world, secretary_of_gaocun):
    plan = objects.learning_plan(world)
    url = reverse("api:learning-plan-detail", args=[plan.pk])
    response = api_client(secretary_of_gaocun).patch(url, {"note": "重点学习嫁接"}, format="json")
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.note == "重点学习嫁接"


def test_the_cadre_api_refuses_fields_derived_from_the_id(world, secretary_of_gaocun):
    cadre = objects.cadre(world)
    url = reverse("api:cadre-detail", args=[cadre.pk])
    response = api_client(secretary_of_gaocun).patch(url, {"birth_date": "1970-01-01"}, format="json")
    assert response.status_code == 400 and "birth_date" in response.json()
    cadre.refresh_from_db()
    assert cadre.birth_date == datetime.date(1988, 5, 12)


def test_a_read_only_field_sent_back_unchanged_is_accepted(world, secretary_of_gaocun):
    """A client that PUTs back what it read asks for no change to the fields it may not write."""
    record = objects.study_record(world)
    url = reverse("api:study-record-detail", args=[record.pk])
    client = api_client(secretary_of_gaocun)
    body = {**client.get(url).json(), "notes": "复习了嫁接要点。"}
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert record.notes == "复习了嫁接要点。"
    response = client.put(url, {**body, "cadre_name": "别人"}, format="json")
    assert response.status_code == 400 and "cadre_name" in response.json()
