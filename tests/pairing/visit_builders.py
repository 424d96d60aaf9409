"""The visits of 高村镇 that the access matrix, the content checks and the visit tests open: a household of 锦和村
paired with ``objects.cadre(world)`` (the ``cadre`` persona's roster entry), its visits and their amendments."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .. import factories, objects

#: The household's registered phone, where confirmation codes go (not any cadre's: theirs is 13800000000).
HOUSEHOLD_PHONE = "13912345678"


def household(world, name="杨秀英", *, village=None, cadre=None, phone=HOUSEHOLD_PHONE):
    from skilled_township.pairing.models import Household

    village = village or world.village
    found = Household.objects.filter(village=village, head_name=name).first()
    if found is None:
        found = Household.objects.create(
            village=village,
            head_name=name,
            id_number=factories.resident_id(area=village.code[:6]),
            phone=phone,
            members=4,
            labour_members=2,
            paired_cadre=cadre or objects.cadre(world),
        )
    return found


def pairing(world, name="杨秀英", *, village=None, cadre=None, started_on=datetime.date(2025, 1, 1), phone=None):
    """The active pairing of ``cadre`` (the persona's by default) with a household (created with it)."""
    from skilled_township.pairing.models import Pairing

    cadre = cadre or objects.cadre(world)
    kwargs = {"phone": phone} if phone is not None else {}
    home = household(world, name, village=village, cadre=cadre, **kwargs)
    return Pairing.objects.filter(household=home, ended_on__isnull=True).first() or Pairing.objects.create(
        cadre=cadre, household=home, started_on=started_on
    )


def recorder(world):
    """Who logged the builders' visits: the cadre's own account where it exists."""
    from skilled_township.accounts.models import User

    cadre = objects.cadre(world)
    return (
        User.objects.filter(cadre=cadre).first()
        or User.objects.filter(username="recorder_gaocun").first()
        or (factories.user("recorder_gaocun", "township_secretary", world.township))
    )


def visit(world, *, day=datetime.date(2026, 3, 2), content="了解柑桔销售情况", pair=None, **extra):
    from skilled_township.pairing.models import Visit

    pair = pair or pairing(world)
    found = Visit.objects.filter(pairing=pair, visited_on=day, content=content).first()
    return found or Visit.objects.create(
        pairing=pair,
        cadre=pair.cadre,
        household=pair.household,
        visited_on=day,
        content=content,
        recorded_by=recorder(world),
        **extra,
    )


def confirmed_visit(world):
    from skilled_township.pairing.models import Visit

    return visit(
        world,
        day=datetime.date(2026, 3, 9),
        content="指导柑桔冬季清园",
        kind=Visit.Kind.TECHNICAL,
        confirmation=Visit.Confirmation.CODE,
        confirmed_at=timezone.now(),
    )


def amendment(world):
    from skilled_township.pairing.models import VisitAmendment

    confirmed = confirmed_visit(world)
    return VisitAmendment.objects.filter(visit=confirmed).first() or VisitAmendment.objects.create(
        visit=confirmed,
        amended_by=recorder(world),
        reason="日期记错",
        changes={"visited_on": ["2026-03-08", "2026-03-09"]},
    )


def norm(world):
    from skilled_township.pairing.models import Norm

    return Norm.objects.get_or_create(region=world.township, year=2026, defaults={"visit_days_per_month": 8})[0]


def below_norm_cadre(world):
    """A paired cadre of 高村镇 without a single visit this month: below the norm."""
    pairing(world)
    return objects.cadre(world)
