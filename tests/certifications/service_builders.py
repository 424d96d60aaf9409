"""Certificates, public listings, service requests and service records for the tests of the public directory,
the requests and the ledger. Certificates are made directly, as an appraisal would issue them."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from .. import objects

_numbers = itertools.count(1)


def certificate(cadre, skill, level: int = 3, **extra):
    from skilled_township.certifications.models import Certificate

    extra.setdefault("issued_on", timezone.localdate() - datetime.timedelta(days=100))
    return Certificate.objects.create(
        cadre=cadre,
        skill=skill,
        level=level,
        number=extra.pop("number", f"JN-TEST-{next(_numbers):06d}"),
        issuing_body=extra.pop("issuing_body", "怀化市人力资源和社会保障局"),
        **extra,
    )


def profile(cadre, *, phone: str = "", duties: str = "上门技术指导", listed: bool = True):
    from skilled_township.certifications.models import PublicProfile

    return PublicProfile.objects.create(
        cadre=cadre,
        duties=duties,
        listed=listed,
        public_phone=phone,
        phone_consent_on=timezone.localdate() if phone else None,
    )


def owner(world):
    """The ``cadre`` persona's roster entry: the first cadre entered in 高村镇 (``objects.cadre`` builds it)."""
    from skilled_township.cadres.models import Cadre

    return Cadre.objects.filter(township=world.township).order_by("pk").first() or objects.cadre(world)


def service_request(world, **extra):
    """A request of 高村镇 given to the ``cadre`` persona's roster entry, still open."""
    from skilled_township.certifications.models import ServiceRequest

    defaults = {
        "township": world.township,
        "village": world.village,
        "requester_name": "向阿婆",
        "requester_phone": "13912345678",
        "skill": objects.skill(world),
        "description": "柑桔树叶子发黄，请来看看。",
        "status": ServiceRequest.Status.ASSIGNED,
        "cadre": owner(world),
        "assigned_at": timezone.now(),
        "routing_note": "自动分派",
    }
    defaults.update(extra)
    return ServiceRequest.objects.create(**defaults)


def service_record(world, **extra):
    from skilled_township.certifications.models import ServiceRecord

    defaults = {
        "cadre": owner(world),
        "skill": objects.skill(world),
        "served_on": timezone.localdate() - datetime.timedelta(days=2),
        "village": world.village,
        "recipient": "锦和村滕大爷",
        "content": "修剪柑桔枝条",
        "outcome": "已修剪二十株",
    }
    defaults.update(extra)
    return ServiceRecord.objects.create(**defaults)


def backdate(service_request, days: int) -> None:
    """Make a request look filed ``days`` days ago (``created_at`` is set on creation)."""
    type(service_request).objects.filter(pk=service_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    service_request.refresh_from_db()
