"""A confirmed visit is never edited in place: its edit page takes a correction with a reason, recorded with who,
when and each field's old → new value, and the visit's page shows them all."""

from django.urls import reverse

from skilled_township.pairing.models import Visit, VisitAmendment

from ..generic import api_client
from . import visit_builders as builders


def amendment_form(visit, **changes):
    data = {
        "visited_on": visit.visited_on.isoformat(),
        "kind": visit.kind,
        "content": visit.content,
        "problems": visit.problems,
        "help_given": visit.help_given,
        "follow_up_due": "",
        "reason": "",
    }
    data.update(changes)
    return data


def test_a_confirmed_visits_edit_page_is_a_correction_with_a_reason(world, cadre_of_gaocun, client_as):
    visit = builders.confirmed_visit(world)
    url = reverse("pairing:visit_update", args=[visit.pk])
    client = client_as(cadre_of_gaocun)

    page = client.get(url)
    assert page.status_code == 200 and "amending" in page.context
    response = client.post(url, amendment_form(visit, content="指导柑桔冬季清园和施肥"))
    assert "reason" in response.context["form"].errors
    response = client.post(url, amendment_form(visit, reason="没有变化"))
    assert "没有修改任何内容" in response.content.decode()
    visit.refresh_from_db()
    assert visit.content == "指导柑桔冬季清园" and not visit.amendments.exists()


def test_an_amendment_keeps_the_old_values_visible(world, cadre_of_gaocun, secretary_of_gaocun, client_as):
    visit = builders.confirmed_visit(world)
    url = reverse("pairing:visit_update", args=[visit.pk])

    response = client_as(cadre_of_gaocun).post(
        url, amendment_form(visit, content="指导柑桔冬季清园和施肥", kind="visit", reason="漏记了施肥指导")
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.content, visit.kind, visit.confirmation) == ("指导柑桔冬季清园和施肥", "visit", "code")
    amendment = VisitAmendment.objects.get(visit=visit)
    assert amendment.amended_by == cadre_of_gaocun and amendment.reason == "漏记了施肥指导"
    assert amendment.changes == {
        "content": ["指导柑桔冬季清园", "指导柑桔冬季清园和施肥"],
        "kind": ["technical", "visit"],
    }
    page = client_as(secretary_of_gaocun).get(visit.get_absolute_url()).content.decode()
    assert "漏记了施肥指导" in page
    old, new = '<del data-testid="old-value">', '<span data-testid="new-value">'
    assert f"{old}指导柑桔冬季清园</del> → {new}指导柑桔冬季清园和施肥</span>" in page
    assert f"{old}技术指导</del> → {new}走访</span>" in page
    assert cadre_of_gaocun.full_name in page


def test_an_amendment_keeps_the_visits_own_rules(world, cadre_of_gaocun, client_as):
    visit = builders.confirmed_visit(world)
    url = reverse("pairing:visit_update", args=[visit.pk])

    response = client_as(cadre_of_gaocun).post(url, amendment_form(visit, visited_on="2099-01-01", reason="改日期"))

    assert "日期不能晚于今天。" in response.content.decode()
    visit.refresh_from_db()
    assert str(visit.visited_on) == "2026-03-09" and not visit.amendments.exists()


def test_through_the_api_a_confirmed_visit_is_only_amended(world, cadre_of_gaocun):
    visit = builders.confirmed_visit(world)
    client = api_client(cadre_of_gaocun)

    response = client.patch(reverse("api:visit-detail", args=[visit.pk]), {"content": "改了"}, format="json")
    assert response.status_code == 400 and "visit-amendments" in str(response.json())
    response = client.post(
        reverse("api:visit-amendment-list"), {"visit": visit.pk, "content": "改了", "reason": ""}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        reverse("api:visit-amendment-list"), {"visit": visit.pk, "content": "改了", "reason": "写错"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["changes"] == {"content": ["指导柑桔冬季清园", "改了"]}
    visit.refresh_from_db()
    assert visit.content == "改了" and visit.confirmation == Visit.Confirmation.CODE


def test_an_unconfirmed_visit_takes_no_amendment(world, cadre_of_gaocun):
    visit = builders.visit(world)
    response = api_client(cadre_of_gaocun).post(
        reverse("api:visit-amendment-list"), {"visit": visit.pk, "content": "改了", "reason": "写错"}, format="json"
    )
    assert response.status_code == 400 and "直接修改即可" in str(response.json())
