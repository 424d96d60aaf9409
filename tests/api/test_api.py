"""The REST API: same scoping and roles as the pages, model validation, token sign-in, a valid schema."""

import datetime

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.learning.models import LearningPlan, StudyRecord
from skilled_township.skills.models import TownshipRequiredSkill

from .. import factories


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def skill(db):
    return factories.skill("JJ02", "柑桔栽培与管理")


def as_user(api, user):
    api.force_authenticate(user=user)
    return api


def cadre_payload(township, **changes):
    number = factories.resident_id(born="19870101", male=False)
    payload = {
        "township": township.pk,
        "name": "杨梅",
        "id_number": number,
        "mobile": "13712345678",
        "position": "staff",
        "education": 4,
        "political_status": "party_member",
        "status": "in_post",
    }
    return payload | changes


def test_the_schema_is_valid_openapi(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text("utf-8"))
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/cadres/", "/api/v1/study-records/", "/api/v1/demand/", "/api/v1/learning-plans/"} <= set(
        schema["paths"]
    )


def test_token_sign_in_and_lock_out(world, secretary_of_gaocun, api):
    ok = api.post("/api/v1/auth/token/", {"username": "secretary_gaocun", "password": factories.PASSWORD})
    assert ok.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {ok.data['token']}")
    assert api.get("/api/v1/cadres/").status_code == 200
    api.credentials()

    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert api.post("/api/v1/auth/token/", {"username": "secretary_gaocun", "password": "x"}).status_code == 400
    assert AuditEntry.objects.filter(action="login_failed", username="secretary_gaocun").count() == 5
    locked = api.post("/api/v1/auth/token/", {"username": "secretary_gaocun", "password": factories.PASSWORD})
    assert locked.status_code == 429


def test_a_secretary_sees_and_writes_only_their_own_township(
    world, secretary_of_gaocun, secretary_of_other_township, api
):
    ours = factories.cadre(world.township, "本镇干部")
    theirs = factories.cadre(world.other_township, "外镇干部")
    client = as_user(api, secretary_of_gaocun)
    names = [row["name"] for row in client.get("/api/v1/cadres/").data["results"]]
    assert names == ["本镇干部"]
    assert client.get(f"/api/v1/cadres/{theirs.pk}/").status_code == 404
    refused = client.post("/api/v1/cadres/", cadre_payload(world.other_township), format="json")
    assert refused.status_code == 400 and "township" in refused.data
    patched = client.patch(f"/api/v1/cadres/{ours.pk}/", {"township": world.other_township.pk}, format="json")
    assert patched.status_code == 400
    ours.refresh_from_db()
    assert ours.township == world.township

    created = client.post("/api/v1/cadres/", cadre_payload(world.township), format="json")
    assert created.status_code == 201
    assert created.data["gender"] == "F" and created.data["birth_date"] == "1987-01-01"
    other = as_user(APIClient(), secretary_of_other_township)
    assert other.get(f"/api/v1/cadres/{created.data['id']}/").status_code == 404


def test_model_rules_apply_through_the_api(world, secretary_of_gaocun, skill, api):
    client = as_user(api, secretary_of_gaocun)
    bad_id = client.post(
        "/api/v1/cadres/", cadre_payload(world.township, id_number="431226198701010011"), format="json"
    )
    assert bad_id.status_code == 400 and "id_number" in bad_id.data
    person = factories.cadre(world.township)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    record = {"cadre": person.pk, "studied_on": future, "hours": "2", "skill": skill.pk, "mode": "classroom"}
    response = client.post("/api/v1/study-records/", record, format="json")
    assert response.status_code == 400 and "studied_on" in response.data
    too_long = client.post(
        "/api/v1/study-records/", record | {"studied_on": "2026-03-01", "hours": "25"}, format="json"
    )
    assert too_long.status_code == 400 and "hours" in too_long.data
    assert not StudyRecord.objects.exists()


def test_ids_are_masked_for_readers_who_do_not_keep_the_roster(world, hr_appraiser, org_admin, api):
    person = factories.cadre(world.township)
    masked = as_user(api, hr_appraiser).get(f"/api/v1/cadres/{person.pk}/").data["id_number"]
    assert masked == person.masked_id_number
    full = as_user(APIClient(), org_admin).get(f"/api/v1/cadres/{person.pk}/").data["id_number"]
    assert full == person.id_number


def test_roles_without_the_permission_are_refused(world, hr_appraiser, leader, skill, api):
    person = factories.cadre(world.township)
    assert as_user(api, hr_appraiser).get("/api/v1/study-records/").status_code == 403
    reader = as_user(APIClient(), leader)
    assert reader.get("/api/v1/study-records/").status_code == 200
    payload = {"cadre": person.pk, "studied_on": "2026-03-01", "hours": "2", "skill": skill.pk, "mode": "classroom"}
    assert reader.post("/api/v1/study-records/", payload, format="json").status_code == 403
    assert (
        reader.post("/api/v1/skills/", {"code": "X1", "name": "新技能", "category": skill.category_id}).status_code
        == 403
    )


def test_a_plan_created_through_the_api_has_the_required_skills(world, secretary_of_gaocun, skill, api):
    TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=skill)
    elective = factories.skill("JJ11", "生猪养殖")
    person = factories.cadre(world.township)
    response = as_user(api, secretary_of_gaocun).post(
        "/api/v1/learning-plans/",
        {"cadre": person.pk, "year": 2026, "electives": [{"skill": elective.pk, "target_proficiency": 3}]},
        format="json",
    )
    assert response.status_code == 201, response.data
    items = {(item["skill_name"], item["kind"]) for item in response.data["items"]}
    assert items == {("柑桔栽培与管理", "required"), ("生猪养殖", "elective")}
    assert LearningPlan.objects.get(cadre=person).items.count() == 2


def test_pagination_and_filters(world, org_admin, api):
    for n in range(55):
        factories.cadre(world.township, f"干部{n}", reserve_level="township" if n % 5 == 0 else "")
    client = as_user(api, org_admin)
    first = client.get("/api/v1/cadres/")
    assert first.data["count"] == 55 and len(first.data["results"]) == 50 and first.data["next"]
    reserve = client.get("/api/v1/cadres/", {"reserve_level": "township"})
    assert reserve.data["count"] == 11
    counts = {level: client.get("/api/v1/cadres/", {"reserve_level": level}).data["count"] for level in ("any", "none")}
    assert counts == {"any": 11, "none": 44}


def test_list_endpoints_cost_the_same_queries_as_they_grow(world, org_admin, skill, api):
    client = as_user(api, org_admin)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    person = factories.cadre(world.township)
    LearningPlan.objects.create(cadre=person, year=2026)
    before = {url: count(url) for url in ("/api/v1/cadres/", "/api/v1/learning-plans/")}
    for n in range(20):
        extra = factories.cadre(world.township, f"新{n}")
        LearningPlan.objects.create(cadre=extra, year=2026)
    assert {url: count(url) for url in before} == before
    assert Cadre.objects.count() == 21
