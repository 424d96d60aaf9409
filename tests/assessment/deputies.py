"""Tech deputies of 高村镇 for the access matrix, the content checks and the tests: ``due_secondment`` is a
科技副镇长 whose two-year term ended a month ago; ``deputy_assessment`` is its recorded assessment (合格)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from .. import factories, objects
from . import builders

#: Named to sort after the 高村镇 cadre persona (龙建国, ``objects.cadre``), who stays the township's first cadre.
DEPUTY = "龙科技"


def secondment(world, end: datetime.date, name: str = DEPUTY, kind: str = "tech_deputy"):
    from skilled_township.cadres.models import Cadre, Secondment

    objects.cadre(world)  # the persona first: the deputy must not become it
    cadre = Cadre.objects.filter(township=world.township, name=name).first() or factories.cadre(world.township, name)
    found = Secondment.objects.filter(cadre=cadre, end_date=end, kind=kind).first()
    start = end.replace(year=end.year - 2) + datetime.timedelta(days=1)
    return found or Secondment.objects.create(
        cadre=cadre,
        kind=kind,
        sending_unit="怀化市农业科学研究所",
        start_date=start,
        end_date=end,
        team_members="李农技 果树栽培\n陈兽医 畜牧",
        village=world.village if kind == "first_secretary" else None,
    )


def due_secondment(world):
    return secondment(world, timezone.localdate() - datetime.timedelta(days=30))


POINTS = {
    "service_points": Decimal("25"),
    "base_points": Decimal("24.5"),
    "training_points": Decimal("15"),
    "public_points": Decimal("16"),
    "comment": "基地建成投产，带徒12人。",
}


def deputy_assessment(world):
    from skilled_township.assessment.models import DeputyAssessment
    from skilled_township.assessment.services import deputies

    one = due_secondment(world)
    return DeputyAssessment.objects.filter(secondment=one).first() or deputies.record(
        one, POINTS, by=builders.chair(world)
    )
