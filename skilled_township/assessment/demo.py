"""Demo assessment on the demo pilot townships: last year's round published (高村镇 scored by five reviewers, so
its trimmed mean shows) with the cadres' annual grades published, one appeal pending (cadre_gaocun) and one
decided (cadre_zhijiang); this year's round being scored with a few drafts. Deterministic and idempotent: a round
that exists is left as it is."""

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from skilled_township.accounts.demo import DEMO_PASSWORD
from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.regions.demo import CITY, PILOTS

from .models import AssessmentRound, CadreGrade, SatisfactionSurvey
from .services import appeals, assignments, grades, rounds, scoring, snapshots, surveys

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
    last = AssessmentRound.objects.get(city=city, year=year - 1)
    if last.is_published and not grades.scheme_of(last).is_published:
        _grades(last, admin)
    state["report"].append(
        f"Assessment: {year - 1} round and cadres' grades published (one appeal pending, one decided), "
        f"{year} round being scored."
    )


def _grades(round, admin) -> None:
    """Every in-post cadre graded as suggested (优秀 within the cap, else 称职), published; two appeals. The
    demo's pairing started this year, so last year's weights lean on study, certificates and the township."""
    scheme = grades.scheme_of(round)
    scheme.study_weight, scheme.certificate_weight, scheme.visit_weight = 40, 15, 5
    scheme.service_weight, scheme.township_weight = 10, 30
    grades.save_scheme(scheme)
    grades.refresh(round, by=admin)
    for grade in round.cadre_grades.select_related("cadre__township", "round").order_by("-record_score", "pk"):
        try:
            grades.set_final(grade, grade.suggested, "依据年度实绩得分及日常考察", by=admin)
        except ValidationError:
            grades.set_final(grade, CadreGrade.Grade.COMPETENT, "依据年度实绩得分；优秀名额已满", by=admin)
    grades.publish(round, by=admin)
    for username, reason, decided in (
        ("cadre_gaocun", "全年驻村走访记录有遗漏，实际走访天数多于系统统计。", False),
        ("cadre_zhijiang", "取得的技能证书未计入年度实绩。", True),
    ):
        account = User.objects.filter(username=username).select_related("cadre").first()
        grade = account and round.cadre_grades.filter(cadre=account.cadre).first()
        if grade is None:
            continue
        appeal = appeals.file(grade, reason, by=account)
        if decided:
            appeals.decide(appeal, upheld=False, decision="经核查，证书取得时间在考核年度之后，维持原等次。", by=admin)


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
    # As last night's refresh would have left them.
    snapshots.refresh(round)
