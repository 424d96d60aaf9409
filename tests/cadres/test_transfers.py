"""An ID number on another township's roster is no oracle: entered as a new cadre (page, API or import), it
becomes a transfer request with one answer that says only that the person is registered in the city; the
organisation department whose scope holds both townships approves (the cadre and their account move) or
refuses."""

import pytest
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre, TransferRequest
from skilled_township.cadres.services.importing import import_cadres

from .. import factories
from ..generic import api_client
from .test_import_export import roster_file, row

ANSWER = "该干部已在本市登记，已提交调入申请，由上级组织部审核。"
FIELDS = {
    "name": "龙英",
    "mobile": "13912345678",
    "position": "staff",
    "education": "3",
    "political_status": "party_member",
    "status": "in_post",
}


@pytest.fixture
def elsewhere(world):
    """A cadre on 吕家坪镇's roster, with an account, whom 高村镇 does not see."""
    cadre = factories.cadre(world.other_township, "龙英", mobile="13577778888", note="调往县城前的备注")
    factories.cadre_user("longying", cadre)
    return cadre


def assert_tells_nothing_of(text: str, cadre: Cadre) -> None:
    for secret in ("吕家坪", cadre.mobile, cadre.note, cadre.get_absolute_url()):
        assert secret not in text, secret


def test_the_form_answers_with_a_transfer_request_and_nothing_about_the_other_roster(
    world, secretary_of_gaocun, elsewhere, client_as
):
    client = client_as(secretary_of_gaocun)
    data = {**FIELDS, "township": world.township.pk, "id_number": elsewhere.id_number.lower()}
    response = client.post(reverse("cadres:cadre_create"), data, follow=True)
    assert response.redirect_chain == [(reverse("cadres:transfer_list"), 302)]
    page = response.content.decode()
    assert ANSWER in page
    assert_tells_nothing_of(page, elsewhere)
    transfer = TransferRequest.objects.get()
    assert (transfer.cadre, transfer.to_township, transfer.status) == (elsewhere, world.township, "pending")
    assert transfer.requested_by == secretary_of_gaocun
    assert Cadre.objects.count() == 1 and Cadre.objects.get().township == world.other_township
    assert AuditEntry.objects.filter(action="create", object_repr__contains="龙英").exists()
    # Asking again keeps one pending request.
    client.post(reverse("cadres:cadre_create"), data)
    assert TransferRequest.objects.count() == 1


def test_the_form_checks_a_transfer_like_any_new_cadre(world, secretary_of_gaocun, elsewhere, client_as):
    data = {**FIELDS, "mobile": "123", "township": world.township.pk, "id_number": elsewhere.id_number}
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_create"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["mobile"]
    assert not TransferRequest.objects.exists()


def test_the_api_answers_202_with_the_same_words(world, secretary_of_gaocun, elsewhere):
    payload = {**FIELDS, "township": world.township.pk, "id_number": elsewhere.id_number}
    response = api_client(secretary_of_gaocun).post(reverse("api:cadre-list"), payload, format="json")
    assert response.status_code == 202
    assert response.json() == {"detail": ANSWER}
    assert TransferRequest.objects.get().requested_by == secretary_of_gaocun


def test_the_import_sends_the_row_as_a_transfer_request(world, secretary_of_gaocun, elsewhere, client_as):
    rows = [row(name="龙英", number=elsewhere.id_number), row(name="新人")]
    result = import_cadres(roster_file(rows), by=secretary_of_gaocun)
    assert result.ok and (result.created, result.updated, result.transfers) == (1, 0, 1)
    assert Cadre.objects.get(pk=elsewhere.pk).township == world.other_township
    assert TransferRequest.objects.get().to_township == world.township
    # On the page: the same words, nothing of the other roster.
    response = client_as(secretary_of_gaocun).post(
        reverse("cadres:cadre_import"), {"file": roster_file([row(name="龙英", number=elsewhere.id_number)])}
    )
    page = response.content.decode()
    assert "1 人已在本市登记，已提交调入申请，由上级组织部审核。" in page
    assert_tells_nothing_of(page, elsewhere)


def test_the_requester_sees_their_request_but_not_where_the_person_is(
    world, secretary_of_gaocun, org_admin, elsewhere, client_as
):
    TransferRequest.objects.create(
        cadre=elsewhere, to_township=world.township, entered_name="龙英", requested_by=secretary_of_gaocun
    )
    page = client_as(secretary_of_gaocun).get(reverse("cadres:transfer_list")).content.decode()
    assert "龙英" in page and "待审核" in page
    assert_tells_nothing_of(page, elsewhere)
    assert 'name="decision"' not in page
    assert client_as(secretary_of_gaocun).post(reverse("cadres:transfer_list"), {"transfer": 1}).status_code == 403


def test_the_city_admin_approves_and_the_cadre_moves_with_their_account(
    world, secretary_of_gaocun, org_admin, elsewhere, client_as
):
    transfer = TransferRequest.objects.create(
        cadre=elsewhere, to_township=world.township, entered_name="龙英", requested_by=secretary_of_gaocun
    )
    client = client_as(org_admin)
    page = client.get(reverse("cadres:transfer_list")).content.decode()
    assert "吕家坪镇" in page and 'value="approve"' in page
    response = client.post(reverse("cadres:transfer_list"), {"transfer": transfer.pk, "decision": "approve"})
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    transfer.refresh_from_db()
    assert elsewhere.township == world.township
    assert elsewhere.account.scope == world.township
    assert (transfer.status, transfer.decided_by) == ("approved", org_admin)
    assert AuditEntry.objects.filter(action="update", object_repr="龙英", user=org_admin).exists()
    # Decided once.
    client.post(reverse("cadres:transfer_list"), {"transfer": transfer.pk, "decision": "refuse"})
    transfer.refresh_from_db()
    assert transfer.status == "approved"


def test_a_refusal_leaves_the_cadre_where_they_are(world, secretary_of_gaocun, org_admin, elsewhere, client_as):
    transfer = TransferRequest.objects.create(
        cadre=elsewhere, to_township=world.township, entered_name="龙英", requested_by=secretary_of_gaocun
    )
    client_as(org_admin).post(reverse("cadres:transfer_list"), {"transfer": transfer.pk, "decision": "refuse"})
    transfer.refresh_from_db()
    elsewhere.refresh_from_db()
    assert transfer.status == "refused" and elsewhere.township == world.other_township


def test_only_a_scope_that_holds_both_townships_decides(
    world, secretary_of_gaocun, org_admin_of_other_county, client_as
):
    """A county admin whose county holds the requesting township but not the cadre's cannot decide (404)."""
    cadre = factories.cadre(factories.region("431228101000", "芷江镇", world.other_county), "远方")
    county_admin = factories.user("county_admin", "org_admin", world.county)
    transfer = TransferRequest.objects.create(
        cadre=cadre, to_township=world.township, entered_name="远方", requested_by=secretary_of_gaocun
    )
    client = client_as(county_admin)
    page = client.get(reverse("cadres:transfer_list")).content.decode()
    assert "远方" in page and "芷江镇" not in page and 'value="approve"' not in page
    assert (
        client.post(reverse("cadres:transfer_list"), {"transfer": transfer.pk, "decision": "approve"}).status_code
        == 404
    )
    assert (
        client_as(org_admin_of_other_county)
        .post(reverse("cadres:transfer_list"), {"transfer": transfer.pk, "decision": "approve"})
        .status_code
        == 404
    )
    cadre.refresh_from_db()
    assert cadre.township.name == "芷江镇"
