"""Certificates and public profiles of 高村镇, made directly (the appraisals that issue them are tested apart)."""

from __future__ import annotations

import datetime
import itertools

from .. import factories, objects

ISSUER = "怀化市人力资源和社会保障局"
_numbers = itertools.count(1)


def certificate(world, cadre=None, skill=None, *, level=3, number=None, **extra):
    """A valid certificate (issued 2026-01-10, no expiry) of ``cadre`` (the 高村镇 cadre) in ``skill``."""
    from skilled_township.certifications.models import Certificate

    return Certificate.objects.create(
        cadre=cadre or objects.cadre(world),
        skill=skill or objects.skill(world),
        level=level,
        number=number or f"JN-2026-{next(_numbers):06d}",
        issuing_body=ISSUER,
        issued_on=extra.pop("issued_on", datetime.date(2026, 1, 10)),
        **extra,
    )


def the_certificate(world):
    """The 高村镇 cadre's certificate the access matrix opens (made once per test)."""
    from skilled_township.certifications.models import Certificate

    return Certificate.objects.filter(number="JN-2026-900001").first() or certificate(world, number="JN-2026-900001")


def revoked(world, **extra):
    from django.utils import timezone

    return certificate(
        world,
        status="revoked",
        revoked_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0)),
        revocation_reason="鉴定材料弄虚作假",
        **extra,
    )


def expired(world, **extra):
    return certificate(
        world, issued_on=datetime.date(2024, 1, 10), expires_on=datetime.date(2025, 1, 9), level=4, **extra
    )


def profile(cadre, phone="13912345678", duties="柑桔嫁接、病虫害防治上门指导"):
    from skilled_township.certifications.models import PublicProfile

    return PublicProfile.objects.create(
        cadre=cadre, duties=duties, public_phone=phone, phone_consent_on=datetime.date(2026, 2, 1) if phone else None
    )


def cadre(world, name, **extra):
    return factories.cadre(world.township, name, **extra)
