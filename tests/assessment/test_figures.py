"""The automatic figures, each on data worked out by hand, for 高村镇 and 吕家坪镇 at once (one query each)."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from skilled_township.assessment.services import figures
from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Certificate, ServiceRequest
from skilled_township.learning.models import StudyRecord
from skilled_township.pairing.models import Household, HouseholdIncome, Pairing, Visit
from skilled_township.regions.models import VillageIncome
from skilled_township.training.models import Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession

from .. import factories, objects

YEAR = 2025


def compute(key, world):
    ids = [world.township.pk, world.other_township.pk]
    with CaptureQueriesContext(connection) as queries:
        values = figures.FIGURES[key].compute(ids, YEAR)
    assert len(queries) == 1, [q["sql"] for q in queries]
    return values[world.township.pk], values[world.other_township.pk]


def roster(world, n=4):
    """``n`` cadres of 高村镇 on the roster in 2025, plus one who left in 2024 (not counted)."""
    cadres = [factories.cadre(world.township, f"干部{i}") for i in range(n)]
    factories.cadre(world.township, "早已离岗", status="left", left_on=datetime.date(2024, 6, 1))
    return cadres


def test_operating_bases_count_the_stage_at_the_end_of_the_year(world):
    running = TrainingBase(township=world.township, name="甲", area_mu=Decimal("10"), stage="operating")
    running.stage_changed_on = datetime.date(2025, 5, 1)
    running.save()
    later = TrainingBase(township=world.township, name="乙", area_mu=Decimal("10"), stage="operating")
    later.stage_changed_on = datetime.date(2026, 2, 1)  # still 规划 at the end of 2025: no earlier change
    later.save()
    TrainingBase.objects.create(township=world.township, name="丙", area_mu=Decimal("10"), stage="building")
    # 乙 has no change on or before 2025-12-31, so it counts by its present stage (运营): 2.
    assert compute("operating_bases", world) == (Decimal(2), Decimal(0))


def test_funds_disbursed_in_the_year(world):
    base = TrainingBase.objects.create(township=world.township, name="甲", area_mu=Decimal("10"))
    allocation = FundAllocation.objects.create(
        base=base, year=2025, purpose="construction", amount=Decimal("100000"), allocated_on=datetime.date(2025, 1, 5)
    )
    for day, amount in ((datetime.date(2025, 3, 1), "20000"), (datetime.date(2025, 9, 1), "15000.50")):
        Disbursement.objects.create(allocation=allocation, amount=Decimal(amount), paid_on=day, payee="高村镇")
    Disbursement.objects.create(
        allocation=allocation, amount=Decimal("999"), paid_on=datetime.date(2026, 1, 2), payee="x"
    )
    assert compute("funds_disbursed", world) == (Decimal("35000.50"), Decimal("0.00"))


def test_study_hours_per_cadre(world):
    cadres = roster(world)
    skill = objects.skill(world)
    for cadre, hours in zip(cadres, ("2", "3.5", "4", "0.5"), strict=True):
        StudyRecord.objects.create(
            cadre=cadre, studied_on=datetime.date(2025, 4, 1), hours=Decimal(hours), skill=skill, mode="self_study"
        )
    StudyRecord.objects.create(
        cadre=cadres[0], studied_on=datetime.date(2024, 4, 1), hours=Decimal("9"), skill=skill, mode="self_study"
    )
    assert compute("study_hours_per_cadre", world) == (Decimal("2.50"), None)  # 10 h / 4 cadres; none on 吕家坪


def test_share_of_cadres_certified_counts_valid_unexpired_certificates(world):
    cadres = roster(world)
    skill = objects.skill(world)

    def certificate(cadre, number, **extra):
        Certificate.objects.create(
            cadre=cadre,
            skill=skill,
            level=5,
            number=number,
            issuing_body="怀化市人社局",
            issued_on=datetime.date(2025, 3, 1),
            **extra,
        )

    certificate(cadres[0], "A1")
    certificate(cadres[0], "A2")  # two certificates, one cadre
    certificate(cadres[1], "B1", expires_on=datetime.date(2027, 3, 1))
    certificate(cadres[2], "C1", expires_on=datetime.date(2025, 6, 1))  # expired within the year
    certificate(cadres[3], "D1", status="revoked", revocation_reason="弄虚作假", revoked_at=timezone.now())
    assert compute("certified_share", world) == (Decimal("50.00"), None)  # 2 of 4


def test_sessions_held_in_the_year(world):
    plan = TrainingPlan.objects.create(
        township=world.township, year=2025, content="柑桔", target_trainees="全体", goals="掌握", planned_sessions=4
    )
    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 4, 1), datetime.date(2024, 12, 1)):
        TrainingSession.objects.create(
            plan=plan,
            date=day,
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            hours=Decimal("2"),
            mode="classroom",
            topic="修剪",
            instructor_kind="expert",
            instructor_name="唐研究员",
            skill=objects.skill(world),
        )
    assert compute("sessions_held", world) == (Decimal(2), Decimal(0))


def household(world, name, village=None):
    return Household.objects.create(
        village=village or world.village, head_name=name, id_number=factories.resident_id(), members=3
    )


def pair(cadre, home, started=datetime.date(2024, 1, 1), ended=None):
    return Pairing.objects.create(cadre=cadre, household=home, started_on=started, ended_on=ended)


def test_visit_days_per_cadre_count_one_a_day(world, secretary_of_gaocun):
    cadres = roster(world, 2)
    one, two = household(world, "甲"), household(world, "乙")
    pairing_one, pairing_two = pair(cadres[0], one), pair(cadres[0], two)
    for pairing, home, day in (
        (pairing_one, one, datetime.date(2025, 5, 1)),
        (pairing_two, two, datetime.date(2025, 5, 1)),  # same day, another household: one day
        (pairing_one, one, datetime.date(2025, 5, 2)),
        (pairing_one, one, datetime.date(2024, 5, 2)),  # another year
    ):
        Visit.objects.create(
            pairing=pairing,
            cadre=cadres[0],
            household=home,
            visited_on=day,
            content="走访",
            recorded_by=secretary_of_gaocun,
        )
    assert compute("visit_days_per_cadre", world) == (Decimal("1.00"), None)  # 2 days / 2 cadres


def test_households_on_track_reach_their_villages_line_of_the_same_year(world):
    # Village line 2025: 12000 (the world's); 2024: 10000.
    VillageIncome.objects.create(village=world.village, year=2024, per_capita_net_income=Decimal("10000"))
    cadre = roster(world, 1)[0]
    above, below, older, none, unpaired, ended = (household(world, n) for n in "甲乙丙丁戊己")
    for home in (above, below, older, none):
        pair(cadre, home)
    pair(cadre, ended, ended=datetime.date(2024, 6, 1))  # not paired in 2025
    for home, year, income in (
        (above, 2025, "12000"),
        (below, 2025, "11999"),
        (older, 2024, "10500"),  # latest is 2024's, above 2024's line
        (unpaired, 2025, "20000"),
    ):
        HouseholdIncome.objects.create(household=home, year=year, per_capita_net_income=Decimal(income))
    assert compute("households_on_track", world) == (Decimal("50.00"), None)  # 甲 and 丙 of 4


def test_income_growth_over_households_with_both_years(world):
    cadre = roster(world, 1)[0]
    one, two, new = household(world, "甲"), household(world, "乙"), household(world, "丙")
    for home in (one, two, new):
        pair(cadre, home)
    for home, year, income in (
        (one, 2024, "8000"),
        (one, 2025, "9000"),
        (two, 2024, "12000"),
        (two, 2025, "13000"),
        (new, 2025, "50000"),  # no 2024: left out
    ):
        HouseholdIncome.objects.create(household=home, year=year, per_capita_net_income=Decimal(income))
    assert compute("income_growth", world) == (Decimal("10.00"), None)  # 22000 / 20000 − 1


def test_service_request_satisfaction_is_the_mean_rating_of_the_year(world):
    skill = objects.skill(world)
    for rating, day in (
        (5, datetime.datetime(2025, 3, 1, 10)),
        (4, datetime.datetime(2025, 7, 1, 10)),
        (1, datetime.datetime(2024, 7, 1, 10)),
    ):
        ServiceRequest.objects.create(
            township=world.township,
            requester_name="村民",
            requester_phone="13900000000",
            skill=skill,
            description="柑桔黄龙病",
            status="closed",
            rating=rating,
            rated_at=timezone.make_aware(day),
        )
    assert compute("service_satisfaction", world) == (Decimal("4.50"), None)


def test_every_figure_has_a_label_and_runs_on_an_empty_city(world):
    for key, figure in figures.FIGURES.items():
        assert figure.label and figure.unit
        values = figure.compute([world.township.pk], YEAR)
        assert set(values) == {world.township.pk}, key


def test_cadres_count_is_shared_by_the_per_cadre_figures(world):
    Cadre.objects.all().delete()
    assert compute("study_hours_per_cadre", world) == (None, None)
