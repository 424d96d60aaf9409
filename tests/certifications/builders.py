"""Appraisals and certificates of 高村镇 for the access matrix and the tests (see tests/objects.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .. import factories, objects


def appraiser():
    from skilled_township.accounts.models import User
    from skilled_township.accounts.roles import Role

    return User.objects.filter(username="hr_builder").first() or factories.user("hr_builder", Role.HR_APPRAISER)


def appraisal(world, **overrides):
    """A passed appraisal of the first cadre of 高村镇 (the ``cadre`` persona's own roster entry), which issued a
    certificate."""
    from skilled_township.certifications.models import Appraisal
    from skilled_township.certifications.services import issuing

    existing = Appraisal.objects.filter(cadre=objects.cadre(world)).first()
    if existing is not None and not overrides:
        return existing
    values = {
        "cadre": objects.cadre(world),
        "skill": objects.skill(world),
        "appraised_on": datetime.date(2026, 3, 2),
        "method": "combined",
        "theory_score": Decimal("82"),
        "practice_score": Decimal("88.5"),
        "result": "passed",
        "level": 4,
        "by": appraiser(),
    }
    values.update(overrides)
    return issuing.record_appraisal(**values)


def certificate(world):
    return appraisal(world).certificate


def certify(cadre, skill, *, level=4, number=None, issued_on=None, expires_on=None, status="valid", reason=""):
    """A certificate entered directly (a paper one, or a revoked or expired one for a data set)."""
    from django.utils import timezone

    from skilled_township.certifications.models import Certificate

    certify.counter += 1
    revoked = (
        {"revoked_at": timezone.now(), "revocation_reason": reason or "鉴定材料不实"} if status == "revoked" else {}
    )
    return Certificate.objects.create(
        cadre=cadre,
        skill=skill,
        level=level,
        number=number or f"P-{certify.counter:05d}",
        issuing_body="怀化市人力资源和社会保障局",
        issued_on=issued_on or datetime.date(2024, 5, 1),
        expires_on=expires_on,
        status=status,
        **revoked,
    )


certify.counter = 0
