"""The training rows of 高村镇 that the access matrix, the content checks and the generic cases open."""

import datetime
from decimal import Decimal

from .. import factories, objects


def deputy(world):
    """高村镇's tech deputy head, seconded from March 2025 (two-year term)."""
    from skilled_township.cadres.models import Cadre, Secondment

    found = Cadre.objects.filter(township=world.township, name="舒科技").first()
    if found is None:
        found = factories.cadre(world.township, "舒科技", position="tech_deputy")
        Secondment.objects.create(
            cadre=found,
            kind="tech_deputy",
            sending_unit="怀化职业技术学院",
            start_date=datetime.date(2025, 3, 1),
            living_allowance=Decimal("1500"),
        )
    return found


def base(world):
    from skilled_township.training.models import TrainingBase

    return TrainingBase.objects.filter(township=world.township, name="高村柑桔示范基地").first() or (
        TrainingBase.objects.create(
            township=world.township, name="高村柑桔示范基地", area_mu=Decimal("50"), village=world.village
        )
    )


def allocation(world, amount="100000"):
    from skilled_township.training.models import FundAllocation

    return FundAllocation.objects.filter(base=base(world), year=2026, purpose="construction").first() or (
        FundAllocation.objects.create(
            base=base(world),
            year=2026,
            purpose="construction",
            amount=Decimal(amount),
            allocated_on=datetime.date(2026, 2, 1),
        )
    )


def disbursement(world):
    from skilled_township.training import services
    from skilled_township.training.models import Disbursement

    found = Disbursement.objects.filter(allocation__base__township=world.township).first()
    if found is None:
        found = services.save_disbursement(
            Disbursement(
                allocation=allocation(world),
                amount=Decimal("20000"),
                paid_on=datetime.date(2026, 3, 1),
                payee="高村镇政府",
            )
        )
    return found


def plan(world):
    from skilled_township.training.models import TrainingPlan

    return TrainingPlan.objects.get_or_create(
        township=world.township,
        year=2026,
        defaults={"content": "柑桔栽培", "target_trainees": "全体镇干部", "goals": "人人会修剪", "planned_sessions": 6},
    )[0]


def session(world, day=datetime.date(2026, 3, 2), topic="柑桔春季修剪"):
    from skilled_township.training.models import TrainingSession

    return TrainingSession.objects.filter(plan__township=world.township, topic=topic).first() or (
        TrainingSession.objects.create(
            plan=plan(world),
            date=day,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(11, 0),
            hours=Decimal("2"),
            mode="base_practice",
            topic=topic,
            skill=objects.skill(world),
            instructor_kind="expert",
            instructor_name="唐研究员",
            cost=Decimal("600"),
        )
    )


def session_this_month(world):
    """A session of 高村镇 today (the calendar opens on this month)."""
    from django.utils import timezone

    today = timezone.localdate()
    from skilled_township.training.models import TrainingPlan

    plan_now = TrainingPlan.objects.get_or_create(
        township=world.township,
        year=today.year,
        defaults={"content": "柑桔栽培", "target_trainees": "全体镇干部", "goals": "人人会修剪", "planned_sessions": 6},
    )[0]
    found = session(world, day=today, topic="本月柑桔培训")
    if found.plan_id != plan_now.pk:
        found.plan = plan_now
        found.save()
    return found


def attendance(world):
    """The ``cadre`` persona at the session, confirmed (with a study record)."""
    from skilled_township.training import services
    from skilled_township.training.models import Attendance

    found = Attendance.objects.filter(session=session(world), cadre=objects.cadre(world)).first()
    if found is None:
        services.save_attendance(session(world), [objects.cadre(world)])
        found = Attendance.objects.get(session=session(world), cadre=objects.cadre(world))
    return found


def claim(world):
    """A check-in by name and the ID's last four digits, waiting to be confirmed."""
    from skilled_township.training.models import Attendance

    return Attendance.objects.get_or_create(
        session=session(world),
        cadre=factories.cadre(world.township, "龙小军") if not _named(world, "龙小军") else _named(world, "龙小军"),
        defaults={"status": "claimed", "method": "claim"},
    )[0]


def _named(world, name):
    from skilled_township.cadres.models import Cadre

    return Cadre.objects.filter(township=world.township, name=name).first()
