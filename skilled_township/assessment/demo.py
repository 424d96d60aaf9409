"""Demo assessment on the demo pilot townships: last year's round published (高村镇 scored by five reviewers, so
its trimmed mean shows) with the cadres' annual grades published, one appeal pending (cadre_gaocun) and one
decided (cadre_zhijiang), and its 学用之星 list published (each pilot township's best record nominated, one
nomination not approved); this year's round being scored with a few drafts; the previous tech deputy heads of two
pilot townships, whose terms have ended, assessed (one 优秀 and commended). Deterministic and idempotent: a round,
a list or a deputy that exists is left as it is."""

import datetime
import math
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from skilled_township.accounts.demo import DEMO_PASSWORD
from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.cadres.demo import _resident_id
from skilled_township.cadres.models import Cadre, Education, Position, Secondment
from skilled_township.regions.demo import CITY, PILOTS

from .models import AssessmentRound, CadreGrade, DeputyAssessment, SatisfactionSurvey
from .services import appeals, assignments, deputies, grades, rounds, scoring, snapshots, stars, surveys

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
    if last.is_published and not stars.star_list_of(last).is_published:
        _stars(last, admin)
    assessed = _deputies(townships, admin, reviewers[0] if reviewers else admin, year)
    state["report"].append(
        f"Assessment: {year - 1} round, cadres' grades and 学用之星 published (one appeal pending, one decided), "
        f"{year} round being scored, {assessed} tech deputies assessed at the end of their term."
    )


def star_deeds(record) -> str:
    """A nominee's deeds as their year's record (``grades.records``) bears them out: the study hours, the skill
    certificate only if they hold a valid one (the record's certificate part), the days they visited paired
    households; a record with none of these shows its score."""
    study = []
    if record.hours:
        study.append(f"全年学习种养等实用技术{record.hours.normalize():f}小时")
    if record.certified:
        study.append("取得技能证书")
    parts = ["，".join(study)] if study else []
    if record.visit_days:
        parts.append(f"走访结对农户{record.visit_days}天，上门开展技术指导")
    if not parts:
        return f"年度实绩得分{record.record_score}分。"
    return "；".join(parts) + "。"


def _stars(round, admin) -> None:
    """Each pilot township's secretary nominates the township's best record; the threshold is set so that every
    pilot township has a candidate (at most the default 80). All approved but the last, then published."""
    star_list = stars.star_list_of(round)
    secretaries = {
        u.scope_id: u for u in User.objects.filter(role=Role.TOWNSHIP_SECRETARY, username__startswith="secretary_")
    }
    best = {}
    for record in grades.records(round).select_related("township"):
        best.setdefault(record.township_id, record)
    picked = [best[t] for t in sorted(best, key=lambda t: best[t].township.code) if t in secretaries]
    if not picked:
        return
    lowest = min(one.record_score for one in picked)
    star_list.min_score = min(star_list.min_score, Decimal(math.floor(lowest)))
    stars.save_settings(star_list)
    nominations = []
    for cadre in picked:
        nominations.append(stars.nominate(round, cadre, star_deeds(cadre), by=secretaries[cadre.township_id]))
    for n, nomination in enumerate(nominations):
        last = n == len(nominations) - 1 and len(nominations) > 1
        reason = "事迹材料缺少服务群众的具体事例" if last else "学用结合成效明显，群众认可"
        stars.decide(nomination, approve=not last, reason=reason, by=admin)
    stars.publish(round, by=admin)


#: The previous tech deputy heads (their two-year terms ended early last year): the first two pilot townships.
PREVIOUS_DEPUTIES = [
    ("覃农科", {"service_points": "28", "base_points": "28.5", "training_points": "18", "public_points": "18.5"}, True),
    ("舒果技", {"service_points": "24", "base_points": "22", "training_points": "15.5", "public_points": "16"}, False),
]


DEPUTY_COMMENTS = {
    True: "任期内建成示范基地并投产，带徒传技成效突出，群众满意。",
    False: "完成任期目标，培训带徒有待加强。",
}


def _deputies(townships, admin, reviewer, year) -> int:
    start, end = datetime.date(year - 3, 3, 1), datetime.date(year - 1, 2, 28)
    assessed = 0
    for township, (name, points, excellent) in zip(townships, PREVIOUS_DEPUTIES, strict=False):
        rng = random.Random(f"previous-deputy-{township.code}")
        cadre, _created = Cadre.objects.get_or_create(
            id_number=_resident_id(rng, "431202", True),
            defaults={
                "township": township,
                "name": name,
                "mobile": "13907451111",
                "position": Position.TECH_DEPUTY,
                "education": Education.POSTGRADUATE,
                "status": Cadre.Status.LEFT,
                "left_on": end,
            },
        )
        secondment, _created = Secondment.objects.get_or_create(
            cadre=cadre,
            kind=Secondment.Kind.TECH_DEPUTY,
            start_date=start,
            defaults={"sending_unit": "湖南农业大学", "end_date": end, "team_members": "园艺师 向丽\n植保员 滕军"},
        )
        if not DeputyAssessment.objects.filter(secondment=secondment).exists():
            values = {key: Decimal(value) for key, value in points.items()}
            values["comment"] = (
                "任期内建成示范基地并投产，带徒传技成效突出，群众满意。"
                if excellent
                else "完成任期目标，培训带徒有待加强。"
            )
            values["commended"] = excellent
            deputies.record(secondment, values, by=reviewer if excellent else admin)
        assessed += 1
    return assessed


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
