"""Appraisals issue certificates: numbers, concurrency, paper certificates, revocation, expiry, levels."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.models import AuditEntry
from skilled_township.certifications.models import Appraisal, Certificate
from skilled_township.certifications.services import issuing

from .. import factories, objects
from . import builders

DAY = datetime.date(2026, 3, 2)


def appraise(cadre, skill, *, result="passed", level=4, by, **extra):
    values = {"method": "theory", "theory_score": Decimal("75"), "appraised_on": DAY}
    values.update(extra)
    return issuing.record_appraisal(cadre=cadre, skill=skill, result=result, level=level, by=by, **values)


def test_a_pass_issues_a_numbered_certificate_and_a_fail_issues_none(world, hr_appraiser, settings):
    settings.CERTIFICATE_ISSUING_BODY = "怀化市人力资源和社会保障局"
    cadre, skill = objects.cadre(world), objects.skill(world)
    first = appraise(cadre, skill, by=hr_appraiser)
    failed = appraise(cadre, skill, result="failed", by=hr_appraiser)
    second = appraise(cadre, skill, level=3, by=hr_appraiser, issuing_body="湖南省职业技能鉴定中心")

    assert first.certificate.number == "JN-2026-000001"
    assert second.certificate.number == "JN-2026-000002"
    assert not Certificate.objects.filter(appraisal=failed).exists()
    assert first.certificate.issuing_body == "怀化市人力资源和社会保障局"
    assert second.certificate.issuing_body == "湖南省职业技能鉴定中心"
    assert (first.certificate.issued_on, first.certificate.level, first.certificate.skill) == (DAY, 4, skill)
    assert len(first.certificate.verification_code) == 16
    assert first.certificate.verification_code != second.certificate.verification_code
    # Audited like every change, the appraisal and its certificate each once.
    assert AuditEntry.objects.for_object(first.certificate).get().action == "create"


def test_numbers_run_per_year_of_issue_and_skip_a_number_already_printed_on_paper(world, hr_appraiser):
    cadre, skill = objects.cadre(world), objects.skill(world)
    builders.certify(cadre, skill, number="JN-2025-000001", issued_on=datetime.date(2025, 6, 1))
    issued = appraise(cadre, skill, by=hr_appraiser, appraised_on=datetime.date(2025, 12, 30))
    next_year = appraise(cadre, skill, by=hr_appraiser, appraised_on=datetime.date(2026, 1, 2))
    assert issued.certificate.number == "JN-2025-000002"
    assert next_year.certificate.number == "JN-2026-000001"


@pytest.mark.django_db(transaction=True)
def test_certificate_numbers_are_unique_when_appraisers_issue_at_the_same_moment(world, hr_appraiser):
    """Several appraisers (threads, each with its own database connection) issue at once, the year's first
    issues among them: every one gets its own number, and together they are consecutive."""
    skill = objects.skill(world)
    cadres = [factories.cadre(world.township, f"并发{index}") for index in range(8)]
    start = threading.Barrier(len(cadres))
    numbers, errors = [], []

    def issue(cadre):
        try:
            start.wait()
            numbers.append(appraise(cadre, skill, by=hr_appraiser).certificate.number)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(cadre,)) for cadre in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(numbers) == [f"JN-2026-{serial:06d}" for serial in range(1, len(cadres) + 1)]
    assert Certificate.objects.filter(number__startswith="JN-2026-").count() == len(cadres)


def test_a_cadre_who_left_the_post_is_not_appraised(world, hr_appraiser):
    gone = factories.cadre(world.township, "离岗人", status="left", left_on=datetime.date(2026, 1, 31))
    with pytest.raises(ValidationError) as refused:
        appraise(gone, objects.skill(world), by=hr_appraiser)
    assert "离岗人已离岗" in str(refused.value.message_dict["cadre"])
    assert not Appraisal.objects.exists() and not Certificate.objects.exists()


def test_the_method_decides_the_scores_it_needs(world, hr_appraiser):
    cadre, skill = objects.cadre(world), objects.skill(world)
    with pytest.raises(ValidationError) as refused:
        appraise(cadre, skill, by=hr_appraiser, method="combined", practice_score=None)
    assert "practice_score" in refused.value.message_dict
    with pytest.raises(ValidationError):
        appraise(cadre, skill, by=hr_appraiser, method="practice", theory_score=Decimal("70"))
    kept = appraise(cadre, skill, by=hr_appraiser, method="practice", practice_score=Decimal("90"))
    assert (kept.theory_score, kept.practice_score) == (None, Decimal("90"))
    assert Appraisal.objects.count() == 1


def test_nothing_is_saved_when_the_certificate_is_refused(world, hr_appraiser):
    with pytest.raises(ValidationError):
        appraise(objects.cadre(world), objects.skill(world), by=hr_appraiser, expires_on=DAY)
    assert not Appraisal.objects.exists() and not Certificate.objects.exists()


def test_a_paper_certificate_keeps_its_printed_number_once(world):
    cadre, skill = objects.cadre(world), objects.skill(world)
    paper = issuing.register_paper_certificate(
        cadre=cadre, skill=skill, level=3, number=" 湘人社0021 ", issued_on=datetime.date(2019, 5, 1)
    )
    assert (paper.number, paper.appraisal, paper.issuing_body) == ("湘人社0021", None, "怀化市人力资源和社会保障局")
    with pytest.raises(ValidationError) as refused:
        issuing.register_paper_certificate(
            cadre=cadre, skill=skill, level=3, number="湘人社0021", issued_on=datetime.date(2019, 5, 1)
        )
    assert "number" in refused.value.message_dict


def test_revocation_keeps_the_record_and_happens_once(world, hr_appraiser, client_as):
    certificate = builders.certificate(world)
    with pytest.raises(ValidationError):
        issuing.revoke(certificate, reason="  ", by=hr_appraiser)
    revoked = issuing.revoke(certificate, reason="鉴定材料不实", by=hr_appraiser)

    stored = Certificate.objects.get(pk=certificate.pk)
    assert (stored.number, stored.appraisal_id) == (certificate.number, certificate.appraisal_id)
    assert (stored.status, stored.revoked_by, stored.revocation_reason) == ("revoked", hr_appraiser, "鉴定材料不实")
    assert stored.revoked_at is not None and stored.state == "revoked" == revoked.state
    assert not Certificate.objects.valid().exists()
    with pytest.raises(ValidationError):
        issuing.revoke(stored, reason="再次撤销", by=hr_appraiser)
    with pytest.raises(ValidationError):
        issuing.update_certificate(stored, issuing_body="别的机关", expires_on=None)
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "鉴定材料不实"

    client = client_as(hr_appraiser)
    page = client.get(reverse("certifications:certificate_detail", args=[certificate.pk])).content.decode()
    assert "鉴定材料不实" in page and 'data-testid="revocation"' in page
    assert reverse("certifications:certificate_revoke", args=[certificate.pk]) not in page
    response = client.post(reverse("certifications:certificate_revoke", args=[certificate.pk]), {"reason": "又一次"})
    assert response.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "鉴定材料不实"


def test_the_revoke_page_revokes_with_the_reason(world, hr_appraiser, client_as):
    certificate = builders.certificate(world)
    url = reverse("certifications:certificate_revoke", args=[certificate.pk])
    client = client_as(hr_appraiser)
    assert "reason" in client.post(url, {"reason": ""}).context["form"].errors
    response = client.post(url, {"reason": "冒名顶替参加鉴定"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == ("revoked", "冒名顶替参加鉴定")
    entry = AuditEntry.objects.for_object(certificate).filter(action="update").get()
    assert {"status", "revocation_reason"} <= set(entry.changes)


def test_expired_certificates_are_not_valid(world):
    cadre, skill = objects.cadre(world), objects.skill(world)
    today = timezone.localdate()
    expired = builders.certify(cadre, skill, issued_on=today - datetime.timedelta(days=800), expires_on=today)
    assert expired.state == "valid"  # valid through its last day
    expired.expires_on = today - datetime.timedelta(days=1)
    expired.save()
    assert expired.state == "expired"
    assert list(Certificate.objects.valid()) == []
    assert list(Certificate.objects.valid(today - datetime.timedelta(days=1))) == [expired]


def test_the_state_filter_reads_expiry_from_today(world, hr_appraiser, client_as):
    cadre, skill = objects.cadre(world), objects.skill(world)
    today = timezone.localdate()
    valid = builders.certify(cadre, skill, number="V-1")
    expired = builders.certify(cadre, skill, number="E-1", expires_on=today - datetime.timedelta(days=1))
    revoked = builders.certify(cadre, skill, number="R-1", status="revoked")
    client = client_as(hr_appraiser)

    def listed(state):
        response = client.get(reverse("certifications:certificate_list"), {"state": state})
        return {c.number for c in response.context["table"].data}

    assert listed("valid") == {valid.number}
    assert listed("expired") == {expired.number}
    assert listed("revoked") == {revoked.number}
    assert listed("") == {"V-1", "E-1", "R-1"}


def test_a_cadres_level_in_a_skill_is_that_of_the_best_valid_certificate(world, secretary_of_gaocun, client_as):
    cadre, citrus, pigs = objects.cadre(world), objects.skill(world), objects.second_skill(world)
    today = timezone.localdate()
    builders.certify(cadre, citrus, level=4)
    builders.certify(cadre, citrus, level=3)
    builders.certify(cadre, citrus, level=2, status="revoked")
    builders.certify(cadre, citrus, level=1, expires_on=today - datetime.timedelta(days=1))
    builders.certify(cadre, pigs, level=5, status="revoked")

    levels = {(row["skill_id"], row["level"]) for row in Certificate.objects.filter(cadre=cadre).best_levels()}
    assert levels == {(citrus.pk, 3)}
    page = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_detail", args=[cadre.pk])).content.decode()
    assert f'data-skill="{citrus.code}" data-level="3"' in page
    assert f'data-skill="{pigs.code}"' not in page
    assert page.count('data-state="valid"') == 2
    assert page.count('data-state="revoked"') == 2 and page.count('data-state="expired"') == 1
