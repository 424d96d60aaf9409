"""Assessment rounds and their rows around 高村镇 that the access matrix, the content checks and the tests open.

* ``draft_round``: 2026, 草稿, the default rubric; 高村镇 assigned to ``reviewer_a`` (pending).
* ``scoring_round``: 2025, 评分中; 高村镇 assigned to ``reviewer_a`` and ``reviewer_b``.
* ``published_round``: 2024, 已发布; 高村镇 scored and surveyed, its result stored and published.
"""

import datetime
from decimal import Decimal

from skilled_township.accounts.roles import Role

from .. import factories


def user(username: str, role: str, scope):
    from skilled_township.accounts.models import User

    return User.objects.filter(username=username).first() or factories.user(username, role, scope)


def chair(world):
    return user("org_admin", Role.ORG_ADMIN, world.city)


def reviewer(world, username: str = "reviewer_a", scope=None):
    return user(username, Role.REVIEWER, scope or world.city)


def _round(world, year: int):
    from skilled_township.assessment.models import AssessmentRound
    from skilled_township.assessment.services import rounds

    found = AssessmentRound.objects.filter(city=world.city, year=year).first()
    return found or rounds.create_round(world.city, year, by=chair(world))


def draft_round(world):
    from skilled_township.assessment.services import assignments

    round = _round(world, 2026)
    if not round.assignments.exists():
        assignments.assign(round, world.township, reviewer(world), by=chair(world))
    return round


def indicator(world):
    return draft_round(world).indicators.order_by("order").first()


def pending_assignment(world):
    return draft_round(world).assignments.get(township=world.township, reviewer=reviewer(world))


def open_round(world, year: int, reviewers):
    """A round of ``year`` being scored, with 高村镇 assigned to ``reviewers``."""
    from skilled_township.assessment.services import assignments, rounds

    round = _round(world, year)
    if round.is_draft:
        for person in reviewers:
            assignments.assign(round, world.township, person, by=chair(world))
        round = rounds.open_scoring(round, by=chair(world))
    return round


def scoring_round(world):
    return open_round(world, 2025, [reviewer(world), reviewer(world, "reviewer_b")])


def sheet(world, username: str = "reviewer_a"):
    """A sheet of 高村镇 in the round being scored (``reviewer_a``'s: the matrix's reviewer)."""
    return scoring_round(world).assignments.get(township=world.township, reviewer__username=username)


def full_marks(sheet, share: str = "0.9"):
    """Points on every indicator the reviewer scores: ``share`` of the maximum, in 0.5 steps."""
    from skilled_township.assessment.services import scoring

    entries = {}
    for item in scoring.scored_indicators(sheet.round):
        points = (item.max_points * Decimal(share) * 2).to_integral_value(rounding="ROUND_FLOOR") / 2
        comment = "" if points >= item.max_points * scoring.COMMENT_BELOW else "台账不全"
        entries[item.pk] = scoring.Entry(points, comment)
    return entries


def submit(sheet, share: str = "0.9"):
    from skilled_township.assessment.services import scoring

    sheet.refresh_from_db()
    return scoring.save_sheet(sheet, full_marks(sheet, share), version=sheet.version, by=sheet.reviewer, submit=True)


def survey(round, township, respondents=50, satisfied=40, basically=8):
    from skilled_township.assessment.models import SatisfactionSurvey
    from skilled_township.assessment.services import surveys

    return surveys.save_survey(
        SatisfactionSurvey(
            round=round,
            township=township,
            conducted_on=datetime.date(2025, 12, 1),
            respondents=respondents,
            satisfied=satisfied,
            basically_satisfied=basically,
            dissatisfied=respondents - satisfied - basically,
        )
    )


def published_round(world):
    from skilled_township.assessment.models import AssessmentRound
    from skilled_township.assessment.services import rounds

    round = AssessmentRound.objects.filter(city=world.city, year=2024).first()
    if round is not None and round.is_published:
        return round
    round = open_round(world, 2024, [reviewer(world), reviewer(world, "reviewer_b")])
    for one in round.assignments.select_related("reviewer", "round"):
        submit(one)
    survey(round, world.township)
    round = rounds.close(round, by=chair(world))
    return rounds.publish(round, by=chair(world))


def result(world):
    return published_round(world).results.get(township=world.township)


def score(world):
    """A draft score on ``reviewer_a``'s sheet of 高村镇."""
    from skilled_township.assessment.models import Score
    from skilled_township.assessment.services import scoring

    one = sheet(world)
    found = Score.objects.filter(assignment=one).first()
    if found is not None:
        return found
    item = scoring.scored_indicators(one.round).first()
    scoring.save_sheet(one, {item.pk: scoring.Entry(item.max_points, "")}, version=one.version, by=one.reviewer)
    return Score.objects.get(assignment=one, indicator=item)


def report(world, township="ours"):
    """A finished current report of the published round (高村镇's, or with ``township=None`` the city's summary),
    with small stand-in files: what the pages and downloads serve, without rendering."""
    from django.core.files.base import ContentFile

    from skilled_township.assessment.models import ReportJob, RoundReport

    round = published_round(world)
    place = world.township if township == "ours" else township
    found = RoundReport.objects.filter(round=round, township=place, is_current=True).first()
    if found is not None:
        return found
    job = ReportJob.objects.filter(round=round).first() or ReportJob.objects.create(
        round=round, started_by=chair(world)
    )
    one = RoundReport(job=job, round=round, township=place, status=RoundReport.Status.DONE, is_current=True)
    one.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    one.xlsx.save("report.xlsx", ContentFile(b"PK workbook"), save=False)
    one.save()
    return one
