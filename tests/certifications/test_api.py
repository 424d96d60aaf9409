"""The API: appraisals recorded by HR appraisers through the same rules, certificates revoked with a reason, the
talent pool read in scope, and never a whole resident ID."""

import datetime

from django.urls import reverse

from skilled_township.certifications.models import Certificate

from .. import factories, objects
from ..generic import api_client
from . import builders


def payload(world, **overrides):
    values = {
        "cadre": objects.cadre(world).pk,
        "skill": objects.skill(world).pk,
        "appraised_on": "2026-03-10",
        "method": "theory",
        "theory_score": "81",
        "result": "passed",
        "level": 4,
        "issuing_body": "湖南省职业技能鉴定中心",
        "expires_on": "2031-03-10",
    }
    values.update(overrides)
    return values


def test_an_appraiser_records_an_appraisal_that_issues_a_certificate(world, hr_appraiser, secretary_of_gaocun):
    url = reverse("api:appraisal-list")
    assert api_client(secretary_of_gaocun).post(url, payload(world), format="json").status_code == 403
    response = api_client(hr_appraiser).post(url, payload(world), format="json")
    assert response.status_code == 201, response.data
    certificate = Certificate.objects.get(appraisal_id=response.data["id"])
    assert response.data["certificate"]["number"] == certificate.number == "JN-2026-000001"
    assert (certificate.issuing_body, certificate.expires_on) == ("湖南省职业技能鉴定中心", datetime.date(2031, 3, 10))
    # After it is recorded, only the note changes.
    detail = reverse("api:appraisal-detail", args=[response.data["id"]])
    assert api_client(hr_appraiser).patch(detail, {"level": 2}, format="json").status_code == 400
    assert api_client(hr_appraiser).patch(detail, {"expires_on": "2032-01-01"}, format="json").status_code == 400


def test_the_api_refuses_what_the_page_refuses(world, hr_appraiser):
    gone = factories.cadre(world.township, "离岗人", status="left", left_on=datetime.date(2026, 1, 31))
    client = api_client(hr_appraiser)
    response = client.post(reverse("api:appraisal-list"), payload(world, cadre=gone.pk), format="json")
    assert response.status_code == 400 and "cadre" in response.data
    response = client.post(reverse("api:appraisal-list"), payload(world, method="combined"), format="json")
    assert response.status_code == 400 and "practice_score" in response.data
    assert not Certificate.objects.exists()


def test_revoking_through_the_api(world, hr_appraiser, secretary_of_gaocun, org_admin):
    certificate = builders.certificate(world)
    url = reverse("api:certificate-revoke", args=[certificate.pk])
    assert api_client(secretary_of_gaocun).post(url, {"reason": "材料不实"}, format="json").status_code == 403
    assert api_client(org_admin).post(url, {"reason": "材料不实"}, format="json").status_code == 403
    assert api_client(hr_appraiser).post(url, {}, format="json").status_code == 400
    response = api_client(hr_appraiser).post(url, {"reason": "材料不实"}, format="json")
    assert response.status_code == 200
    assert (response.data["state"], response.data["revocation_reason"]) == ("revoked", "材料不实")
    again = api_client(hr_appraiser).post(url, {"reason": "再撤"}, format="json")
    assert again.status_code == 400
    shown = api_client(secretary_of_gaocun).get(reverse("api:certificate-detail", args=[certificate.pk])).data
    assert (shown["number"], shown["state"], shown["revocation_reason"]) == (certificate.number, "revoked", "材料不实")


def test_an_appraiser_of_one_county_cannot_revoke_another_countys_certificate(world):
    from skilled_township.accounts.roles import Role

    certificate = builders.certificate(world)
    elsewhere = factories.user("hr_zhijiang", Role.HR_APPRAISER, world.other_county)
    url = reverse("api:certificate-revoke", args=[certificate.pk])
    assert api_client(elsewhere).post(url, {"reason": "材料不实"}, format="json").status_code == 404
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_no_whole_resident_id_in_the_api(world, org_admin, hr_appraiser):
    certificate = builders.certificate(world)
    cadre = certificate.cadre
    for user in (org_admin, hr_appraiser):
        client = api_client(user)
        for name in ("api:appraisal-list", "api:certificate-list"):
            body = client.get(reverse(name)).content.decode()
            assert cadre.id_number not in body and cadre.masked_id_number in body
        body = client.get(reverse("api:talent-pool-list")).content.decode()
        assert cadre.name in body and cadre.id_number not in body


def test_the_talent_pool_api_lists_the_best_level(world, secretary_of_other_township, leader):
    citrus = objects.skill(world)
    cadre = objects.cadre(world)
    builders.certify(cadre, citrus, level=4, number="A-4")
    best = builders.certify(cadre, citrus, level=2, number="A-2")
    results = api_client(leader).get(reverse("api:talent-pool-list"), {"skill": citrus.pk}).json()["results"]
    assert [(row["id"], row["level"], row["cadre_name"]) for row in results] == [(best.pk, 2, cadre.name)]
    assert api_client(secretary_of_other_township).get(reverse("api:talent-pool-list")).json()["results"] == []
