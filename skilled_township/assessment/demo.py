"""Demo assessment on the demo pilot townships: last year's round published (高村镇 scored by five reviewers, so
its trimmed mean shows), this year's round being scored with a few drafts. Deterministic and idempotent: a round
that exists is left as it is."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.accounts.demo import DEMO_PASSWORD
from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.regions.demo import CITY, PILOTS

from .models import AssessmentRound, SatisfactionSurvey
from .services import assignments, rounds, scoring, surveys

#: Extra reviewers (reviewer_a and reviewer_b come with the accounts demo), so that one township has five.
MORE_REVIEWERS = [("reviewer_c", "考核组 赵敏"), ("reviewer_d", "考核组 孙强"), ("reviewer_e", "考核组 周静")]


def seed(state: dict) -> None:
    nodes = state["regions"]
    city = nodes[CITY[0]]
    admin = User.objects.filter(username="org_admin").first()
    if admin is None:
        return
    for username, full_name in MORE_REVIEWERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "role": Role.REVIEWER, "scope": city}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    reviewers = list(User.objects.filter(username__in=["reviewer_a", "reviewer_b"]).order_by("username"))
    five = reviewers + list(User.objects.filter(username__in=[u for u, _n in MORE_REVIEWERS]).order_by("username"))
    townships = [nodes[code] for code, *_rest in PILOTS]
    year = timezone.localdate().year
    if not AssessmentRound.objects.filter(city=city, year=year - 1).exists():
        _published_round(city, year - 1, admin, townships, reviewers, five)
    if not AssessmentRound.objects.filter(city=city, year=year).exists():
        _open_round(city, year, admin, townships, reviewers)
    state["report"].append(f"Assessment: {year - 1} round published, {year} round being scored.")


def _assign(round, townships, reviewers, five, admin):
    for township in townships:
        for reviewer in five if township == townships[0] else reviewers:
            assignments.assign(round, township, reviewer, by=admin)


def _score(sheet, rng, *, submit: bool) -> None:
    entries = {}
    for indicator in scoring.scored_indicators(sheet.round):
        share = Decimal(rng.choice(["0.7", "0.75", "0.8", "0.85", "0.9", "0.95", "1"]))
        points = (indicator.max_points * share * 2).to_integral_value(rounding="ROUND_FLOOR") / 2
        comment = "" if points >= indicator.max_points * scoring.COMMENT_BELOW else "现场核查发现台账不全"
        entries[indicator.pk] = scoring.Entry(points, comment)
    scoring.save_sheet(sheet, entries, version=sheet.version, by=sheet.reviewer, submit=submit)


def _survey(round, township, rng) -> None:
    respondents = rng.choice([40, 50, 60])
    satisfied = int(respondents * rng.choice([0.7, 0.8, 0.9]))
    basically = (respondents - satisfied) * 2 // 3
    surveys.save_survey(
        SatisfactionSurvey(
            round=round,
            township=township,
            conducted_on=min(datetime.date(round.year, 12, 10), timezone.localdate()),
            respondents=respondents,
            satisfied=satisfied,
            basically_satisfied=basically,
            dissatisfied=respondents - satisfied - basically,
        )
    )


def _published_round(city, year, admin, townships, reviewers, five) -> None:
    round = rounds.create_round(city, year, by=admin)
    _assign(round, townships, reviewers, five, admin)
    round = rounds.open_scoring(round, by=admin)
    for sheet in round.assignments.select_related("reviewer", "round").order_by("township__code", "reviewer__username"):
        _score(sheet, random.Random(f"assessment-{year}-{sheet.township.code}-{sheet.reviewer.username}"), submit=True)
    for township in townships:
        _survey(round, township, random.Random(f"survey-{year}-{township.code}"))
    round = rounds.acknowledge_spread(round, by=admin)
    round = rounds.close(round, by=admin)
    rounds.publish(round, by=admin)


def _open_round(city, year, admin, townships, reviewers) -> None:
    round = rounds.create_round(city, year, by=admin)
    _assign(round, townships, reviewers, reviewers, admin)
    round = rounds.open_scoring(round, by=admin)
    drafts = round.assignments.filter(reviewer__username="reviewer_b").select_related("reviewer", "round")
    for sheet in drafts.order_by("township__code")[:2]:
        _score(sheet, random.Random(f"assessment-{year}-{sheet.township.code}"), submit=False)
