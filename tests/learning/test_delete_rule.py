"""One rule for removing a mistyped record, on the pages and through the API: those who keep the township's
records delete it in their scope, a page asks to confirm first, the audit trail keeps what was removed, and the
API's schema lists delete exactly where a page offers it."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.learning.models import StudyRecord
from skilled_township.skills.models import Demand

from .. import objects
from ..assessment.stars import nomination
from ..pairing import household_builders
from ..training import builders as training_builders

#: Each API path that deletes, and the page that deletes the same rows.
DELETES = {
    "/api/v1/study-records/{id}/": ("learning:study_update", "learning:study_delete", objects.study_record),
    "/api/v1/demand/{id}/": ("skills:demand_update", "skills:demand_delete", objects.demand),
    "/api/v1/disbursements/{id}/": (
        "training:disbursement_update",
        "training:disbursement_delete",
        training_builders.disbursement,
    ),
    "/api/v1/training-sessions/{id}/": (
        "training:session_update",
        "training:session_delete",
        training_builders.session,
    ),
    # A household's member, removed from the household's page (tested with the households).
    "/api/v1/household-members/{id}/": ("pairing:member_update", "pairing:member_delete", household_builders.member),
    # A pending 学用之星 nomination, withdrawn by its township (tested with the nominations).
    "/api/v1/assessment-star-nominations/{id}/": ("assessment:star_detail", "assessment:star_withdraw", nomination),
}
API_DETAIL = {
    "learning:study_delete": "api:study-record-detail",
    "skills:demand_delete": "api:demand-detail",
    "training:disbursement_delete": "api:disbursement-detail",
    "training:session_delete": "api:training-session-detail",
}


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_secretary_removes_a_mistyped_study_record_from_its_page(world, secretary_of_gaocun, client_as):
    record = objects.study_record(world)
    client = client_as(secretary_of_gaocun)
    edit = client.get(reverse("learning:study_update", args=[record.pk])).content.decode()
    delete_url = reverse("learning:study_delete", args=[record.pk])
    assert f'href="{delete_url}"' in edit

    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "确定删除" in confirm.content.decode()
    assert StudyRecord.objects.filter(pk=record.pk).exists()  # opening the page removes nothing

    response = client.post(delete_url, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302 and response["Location"] == reverse("learning:study_list")
    assert not StudyRecord.objects.filter(pk=record.pk).exists()
    entry = AuditEntry.objects.for_object(record).get(action="delete")
    assert (entry.user, entry.ip, entry.source) == (secretary_of_gaocun, "192.0.2.9", "web")
    assert entry.changes["hours"] == ["2.0", None] and entry.region_code == world.township.code


def test_a_cadre_corrects_but_does_not_remove_their_own_record(world, cadre_of_gaocun, client_as):
    record = objects.study_record(world)
    client = client_as(cadre_of_gaocun)
    edit = client.get(reverse("learning:study_update", args=[record.pk]))
    assert edit.status_code == 200 and edit.context["can_delete"] is False
    assert reverse("learning:study_delete", args=[record.pk]) not in edit.content.decode()
    assert client.post(reverse("learning:study_delete", args=[record.pk])).status_code == 403
    assert api(cadre_of_gaocun).delete(reverse("api:study-record-detail", args=[record.pk])).status_code == 403
    assert StudyRecord.objects.filter(pk=record.pk).exists()


def test_a_secretary_removes_a_doubled_demand_entry_from_its_page(world, secretary_of_gaocun, client_as):
    demand = objects.demand(world)
    client = client_as(secretary_of_gaocun)
    delete_url = reverse("skills:demand_delete", args=[demand.pk])
    assert f'href="{delete_url}"' in client.get(reverse("skills:demand_update", args=[demand.pk])).content.decode()
    assert client.post(delete_url).status_code == 302
    assert not Demand.objects.filter(pk=demand.pk).exists()
    assert AuditEntry.objects.for_object(demand).get(action="delete").user == secretary_of_gaocun


@pytest.mark.parametrize("page", sorted(API_DETAIL))
def test_the_page_and_the_api_let_the_same_people_delete(page, world, personas, client_as):
    """Who may delete, and where a record is out of reach, is the same through the page and the API."""
    factory = next(build for _edit, name, build in DELETES.values() if name == page)
    for role, user in personas.items():
        if user is None:
            continue
        through_page = client_as(user).post(reverse(page, args=[factory(world).pk]))
        record = factory(world)
        through_api = api(user).delete(reverse(API_DETAIL[page], args=[record.pk]))
        page_outcome = {302: "deleted"}.get(through_page.status_code, through_page.status_code)
        api_outcome = {204: "deleted"}.get(through_api.status_code, through_api.status_code)
        assert page_outcome == api_outcome, (
            f"{page} as {role}: page {through_page.status_code}, API {through_api.status_code}"
        )
        if api_outcome == "deleted":
            assert AuditEntry.objects.for_object(record).get(action="delete").source == "api"


def test_the_schema_offers_delete_exactly_where_a_page_does(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    paths = yaml.safe_load(target.read_text("utf-8"))["paths"]
    deleting = {path for path, methods in paths.items() if "delete" in methods}
    assert deleting == set(DELETES)
    assert "编辑页" in paths["/api/v1/study-records/{id}/"]["delete"]["description"]
    assert "编辑页" in paths["/api/v1/demand/{id}/"]["delete"]["description"]
    assert "撤回推荐" in paths["/api/v1/assessment-star-nominations/{id}/"]["delete"]["description"]
    assert "delete" not in paths["/api/v1/cadres/{id}/"]
