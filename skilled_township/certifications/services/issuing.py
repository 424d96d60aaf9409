"""Appraisals and the certificates they issue (seed 004: the HR/labour department appraises and certifies).

A passed appraisal issues its certificate in the same transaction: the number ``JN-<year>-<6 digits>`` is taken
from the year's ``CertificateSequence`` row under a row lock, so two appraisers issuing at the same moment get
different numbers, and a number once taken is never given again (certificates are never deleted; a revoked one
keeps its number). A certificate issued on paper before the system is registered with the number printed on it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre
from skilled_township.skills.models import Skill

from ..models import Appraisal, Certificate, CertificateSequence

NUMBER_PREFIX = "JN"


def default_issuing_body() -> str:
    return settings.CERTIFICATE_ISSUING_BODY


def format_number(year: int, serial: int) -> str:
    return f"{NUMBER_PREFIX}-{year:04d}-{serial:06d}"


def take_number(year: int) -> str:
    """The next unused number of ``year``. Call inside a transaction: the year's row stays locked until it ends,
    so a concurrent issue waits for this one and takes the following number."""
    # The year's first issue creates its row; two first issues at once both try, one insert is ignored.
    CertificateSequence.objects.bulk_create([CertificateSequence(year=year, last=0)], ignore_conflicts=True)
    sequence = CertificateSequence.objects.select_for_update().get(year=year)
    while True:
        sequence.last += 1
        number = format_number(year, sequence.last)
        # A certificate registered from paper may already carry a number of this form: skip it.
        if not Certificate.objects.filter(number=number).exists():
            break
    sequence.save(update_fields=["last"])
    return number


def refuse_cadre_not_in_post(cadre: Cadre) -> None:
    if not cadre.is_in_post:
        raise ValidationError(
            {"cadre": _("%(name)s已离岗，不能再为其鉴定或登记证书。") % {"name": cadre.name}}, code="left_post"
        )


def record_appraisal(
    *,
    cadre: Cadre,
    skill: Skill,
    appraised_on: datetime.date,
    method: str,
    result: str,
    level: int,
    by,
    theory_score: Decimal | None = None,
    practice_score: Decimal | None = None,
    note: str = "",
    issuing_body: str = "",
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Appraisal:
    """Record one appraisal; a pass issues its certificate at the appraised level (all or nothing).

    Only the scores the method needs are kept (理论: theory, 实操: practice, 综合: both). The certificate is issued
    on ``issued_on`` (default: the appraisal date) by ``issuing_body`` (default: ``CERTIFICATE_ISSUING_BODY``).
    Raises ``ValidationError`` (nothing saved) for a cadre who has left the post or a record the model refuses.
    """
    refuse_cadre_not_in_post(cadre)
    if method == Appraisal.Method.THEORY:
        practice_score = None
    elif method == Appraisal.Method.PRACTICE:
        theory_score = None
    appraisal = Appraisal(
        cadre=cadre,
        skill=skill,
        appraised_on=appraised_on,
        method=method,
        theory_score=theory_score,
        practice_score=practice_score,
        result=result,
        level=level,
        appraiser=by,
        note=note,
    )
    appraisal.full_clean()
    certificate = None
    if result == Appraisal.Result.PASSED:
        certificate = Certificate(
            cadre=cadre,
            skill=skill,
            level=level,
            number="-",
            issuing_body=issuing_body or default_issuing_body(),
            issued_on=issued_on or appraised_on,
            expires_on=expires_on,
        )
        certificate.full_clean(exclude=["number", "appraisal"])
    with transaction.atomic():
        appraisal.save()
        if certificate is not None:
            certificate.appraisal = appraisal
            certificate.number = take_number(certificate.issued_on.year)
            certificate.save()
    return appraisal


def register_paper_certificate(
    *,
    cadre: Cadre,
    skill: Skill,
    level: int,
    number: str,
    issued_on: datetime.date,
    issuing_body: str = "",
    expires_on: datetime.date | None = None,
) -> Certificate:
    """A certificate issued on paper before the system: no appraisal, the number as printed (unique)."""
    refuse_cadre_not_in_post(cadre)
    certificate = Certificate(
        cadre=cadre,
        skill=skill,
        level=level,
        number=number.strip(),
        issuing_body=issuing_body or default_issuing_body(),
        issued_on=issued_on,
        expires_on=expires_on,
    )
    certificate.full_clean()
    with transaction.atomic():
        certificate.save()
    return certificate


def refuse_revoked(certificate: Certificate) -> None:
    if certificate.status == Certificate.Status.REVOKED:
        raise ValidationError(_("证书 %(number)s 已撤销，不能再修改或撤销。") % {"number": certificate.number})


def update_certificate(certificate: Certificate, *, issuing_body: str, expires_on: datetime.date | None) -> Certificate:
    """Correct a certificate's issuing body and expiry; a revoked certificate stays as it was revoked."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        refuse_revoked(locked)
        locked.issuing_body = issuing_body.strip()
        locked.expires_on = expires_on
        locked.full_clean()
        locked.save(update_fields=["issuing_body", "expires_on", "updated_at"])
    return locked


def revoke(certificate: Certificate, *, reason: str, by) -> Certificate:
    """Revoke with a reason: the record stays (number, appraisal) and says when, by whom and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revocation_reason": _("请填写撤销原因。")})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        refuse_revoked(locked)
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.full_clean()
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    return locked
