"""The appraisal and certificate pages as an HR appraiser and a township secretary use them."""

import datetime

from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.certifications.models import Appraisal, Certificate

from .. import factories, objects
from . import builders


def test_the_cadre_picker_offers_in_post_cadres_in_scope_only(world, client_as):
    here = objects.cadre(world)
    gone = factories.cadre(world.township, "离岗人", status="left", left_on=datetime.date(2026, 1, 31))
    outside = factories.cadre(factories.region("431228101000", "芷江镇", world.other_county), "芷江人")
    county_appraiser = factories.user("hr_mayang", Role.HR_APPRAISER, world.county)
    form = client_as(county_appraiser).get(reverse("certifications:appraisal_create")).context["form"]
    offered = set(form.fields["cadre"].queryset)
    assert here in offered and gone not in offered and outside not in offered


def test_recording_a_pass_shows_the_new_certificate(world, hr_appraiser, client_as):
    client = client_as(hr_appraiser)
    response = client.post(
        reverse("certifications:appraisal_create"),
        {
            "cadre": objects.cadre(world).pk,
            "skill": objects.skill(world).pk,
            "appraised_on": "2026-03-10",
            "method": "combined",
            "theory_score": "80",
            "practice_score": "90",
            "result": "passed",
            "level": 3,
            "issuing_body": "怀化市人力资源和社会保障局",
            "expires_on": "2026-03-09",
        },
    )
    assert response.status_code == 200 and "expires_on" in response.context["form"].errors
    assert not Appraisal.objects.exists()
    response = client.post(
        reverse("certifications:appraisal_create"),
        {
            "cadre": objects.cadre(world).pk,
            "skill": objects.skill(world).pk,
            "appraised_on": "2026-03-10",
            "method": "combined",
            "theory_score": "80",
            "practice_score": "90",
            "result": "passed",
            "level": 3,
            "issuing_body": "",
        },
    )
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("certifications:certificate_detail", args=[certificate.pk])
    page = client.get(response["Location"]).content.decode()
    assert "JN-2026-000001" in page and "三级/高级工" in page and 'data-testid="appraisal"' in page
    assert certificate.issuing_body == "怀化市人力资源和社会保障局"
    assert objects.cadre(world).id_number not in page and objects.cadre(world).masked_id_number in page


def test_registering_a_paper_certificate(world, hr_appraiser, client_as):
    client = client_as(hr_appraiser)
    data = {
        "cadre": objects.cadre(world).pk,
        "skill": objects.skill(world).pk,
        "level": 4,
        "number": "湘0012345",
        "issuing_body": "",
        "issued_on": "2018-06-01",
    }
    response = client.post(reverse("certifications:certificate_register"), data)
    certificate = Certificate.objects.get(number="湘0012345")
    assert response.status_code == 302 and certificate.appraisal is None
    assert 'data-testid="paper"' in client.get(response["Location"]).content.decode()
    again = client.post(reverse("certifications:certificate_register"), data)
    assert again.status_code == 200 and "number" in again.context["form"].errors
    assert Certificate.objects.count() == 1


def test_lists_filter_by_township_skill_and_result(world, hr_appraiser, client_as):
    passed = builders.appraisal(world)
    other = factories.cadre(world.other_township, "吕家坪干部甲")
    failed = builders.appraisal(world, cadre=other, result="failed", skill=objects.second_skill(world))
    client = client_as(hr_appraiser)

    def listed(query):
        response = client.get(reverse("certifications:appraisal_list"), query)
        return [a.pk for a in response.context["table"].data]

    assert sorted(listed({})) == sorted([passed.pk, failed.pk])
    assert listed({"township": world.township.pk}) == [passed.pk]
    assert listed({"result": "failed"}) == [failed.pk]
    assert listed({"skill": objects.second_skill(world).pk, "year": 2026}) == [failed.pk]
    assert listed({"method": "theory"}) == []
    response = client.get(reverse("certifications:certificate_list"), {"q": passed.certificate.number})
    assert [c.pk for c in response.context["table"].data] == [passed.certificate.pk]


def test_a_secretary_reads_but_does_not_change_certificates(world, secretary_of_gaocun, client_as):
    certificate = builders.certificate(world)
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("certifications:certificate_detail", args=[certificate.pk])).content.decode()
    assert certificate.number in page
    assert reverse("certifications:certificate_revoke", args=[certificate.pk]) not in page
    assert (
        client.post(reverse("certifications:certificate_revoke", args=[certificate.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"
