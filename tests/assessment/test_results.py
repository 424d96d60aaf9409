"""Results: the trimmed mean, the spread flag, grades, ranks and their tie-break, frozen once published.
Figures worked out by hand in each test."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skilled_township.assessment.models import AssessmentResult, FrozenWhenPublished, ResultLine
from skilled_township.assessment.services import assignments, results, rounds, scoring

from .. import factories
from . import builders


def round_with(world, org_admin, per_township: dict, *, surveys=None):
    """A round of 2025 whose rubric is one 60-point indicator (base) and 40 for satisfaction; each township
    scored by reviewers with the points given (``{township: [points, ...]}``)."""
    round = rounds.create_round(world.city, 2025, by=org_admin)
    round.indicators.all().delete()
    base = round.indicators.create(area="base", order=1, name="基地", max_points=Decimal("60"))
    round.indicators.create(area="households", order=2, name="增收", max_points=Decimal("0.5"))
    round.indicators.create(area="satisfaction", order=3, name="满意度", max_points=Decimal("39.5"))
    households = round.indicators.get(name="增收")
    people = {}
    for township, points in per_township.items():
        for n, _p in enumerate(points):
            person = people.get(n) or factories.user(f"r{n}", "reviewer", world.city)
            people[n] = person
            assignments.assign(round, township, person, by=org_admin)
    round = rounds.open_scoring(round, by=org_admin)
    for township, points in per_township.items():
        for n, value in enumerate(points):
            sheet = round.assignments.get(township=township, reviewer=people[n])
            value, extra = value if isinstance(value, tuple) else (value, Decimal("0"))
            entries = {
                base.pk: scoring.Entry(Decimal(value), "依据现场核查"),
                households.pk: scoring.Entry(extra, "依据台账"),
            }
            scoring.save_sheet(sheet, entries, version=0, by=people[n], submit=True)
        respondents, satisfied, basically = (surveys or {}).get(township, (10, 10, 0))
        builders.survey(round, township, respondents, satisfied, basically)
    return round


def line(round, township, name):
    return ResultLine.objects.get(result__round=round, result__township=township, indicator__name=name)


def test_the_mean_keeps_every_reviewer_below_five(world, org_admin):
    round = round_with(world, org_admin, {world.township: ["40", "50", "60", "45"]})
    rounds.acknowledge_spread(round, by=org_admin)
    rounds.close(round, by=org_admin)
    got = line(round, world.township, "基地")
    assert (got.points, got.reviewers, got.trimmed) == (Decimal("48.75"), 4, False)  # 195 / 4


def test_from_five_reviewers_the_highest_and_lowest_are_dropped(world, org_admin):
    round = round_with(world, org_admin, {world.township: ["30", "50", "52.5", "55", "60"]})
    rounds.acknowledge_spread(round, by=org_admin)
    rounds.close(round, by=org_admin)
    got = line(round, world.township, "基地")
    assert (got.points, got.reviewers, got.trimmed) == (Decimal("52.50"), 5, True)  # (50 + 52.5 + 55) / 3
    assert results.trimmed_mean(Decimal("247.5"), Decimal("60"), Decimal("30"), 5) == (Decimal("52.50"), True)


def test_a_spread_above_the_share_of_the_maximum_is_flagged_before_closing(world, org_admin, client_as):
    # 60 × 30% = 18: 40 → 58 (18) is not flagged, 40 → 58.5 (18.5) is.
    round = round_with(world, org_admin, {world.township: ["40", "58"], world.other_township: ["40", "58.5"]})
    flags = results.spread_flags(round)
    assert [(f["township"], f["indicator"].name, f["lowest"], f["highest"]) for f in flags] == [
        (world.other_township, "基地", Decimal("40"), Decimal("58.5"))
    ]
    client = client_as(org_admin)
    page = client.get(round.get_absolute_url()).content.decode()
    assert 'data-testid="spread-flags"' in page and "吕家坪镇 · 基地：40.0 – 58.5" in page
    assert 'data-notice="assessment-spread"' in client.get(reverse("home")).content.decode()

    response = client.post(reverse("assessment:round_action", args=[round.pk, "close"]), follow=True)
    assert "请组长先查看并确认" in response.content.decode()
    assert not AssessmentResult.objects.filter(round=round).exists()

    client.post(reverse("assessment:round_action", args=[round.pk, "acknowledge"]))
    client.post(reverse("assessment:round_action", args=[round.pk, "close"]))
    round.refresh_from_db()
    assert round.status == "closed" and AssessmentResult.objects.filter(round=round).count() == 2


def test_the_spread_share_is_the_rounds(world, org_admin):
    round = round_with(world, org_admin, {world.township: ["40", "58"]})
    round.spread_share = Decimal("0.25")  # 15 points
    round.save()
    assert len(results.spread_flags(round)) == 1


def test_satisfaction_points_follow_the_formula_shown(world, org_admin, client_as):
    # 39.5 × (30 + 0.5 × 15) / 50 = 29.625 → 29.63
    round = round_with(world, org_admin, {world.township: ["50", "50"]}, surveys={world.township: (50, 30, 15)})
    rounds.close(round, by=org_admin)
    assert line(round, world.township, "满意度").points == Decimal("29.63")
    page = (
        client_as(org_admin).get(reverse("assessment:survey_edit", args=[round.pk, world.township.pk])).content.decode()
    )
    assert "满意度得分 = 分值 ×（满意人数 + 0.5 × 基本满意人数）÷ 参评人数" in page


def test_survey_counts_must_add_up(world, org_admin, client_as):
    round = builders.scoring_round(world)
    response = client_as(org_admin).post(
        reverse("assessment:survey_edit", args=[round.pk, world.township.pk]),
        {
            "conducted_on": "2025-12-01",
            "respondents": "50",
            "satisfied": "30",
            "basically_satisfied": "10",
            "dissatisfied": "5",
        },
    )
    assert "之和（45）须等于参评人数（50）" in response.content.decode()


@pytest.mark.parametrize(
    ("base", "grade"),
    [
        ("60", "excellent"),
        ("50.5", "excellent"),
        ("50", "good"),
        ("40.5", "good"),
        ("40", "pass"),
        ("20.5", "pass"),
        ("20", "fail"),
    ],
)
def test_grade_bands(world, org_admin, base, grade):
    # Satisfaction full (39.5) + base: 50.5 → 90 优秀, 50 → 89.5 良好, 40.5 → 80 良好, 20.5 → 60 合格, 20 → 59.5.
    round = round_with(world, org_admin, {world.township: [base, base]})
    rounds.close(round, by=org_admin)
    assert AssessmentResult.objects.get(round=round).grade == grade


def test_ranks_break_ties_by_households_then_satisfaction_then_code(world, org_admin):
    third = factories.region("431226103000", "兰里镇", world.county)
    fourth = factories.region("431228102000", "芷江新镇", world.other_county)
    round = round_with(
        world,
        org_admin,
        {
            # 高村镇 and 吕家坪镇: 50 + 0 + 39.5 = 89.5, 吕家坪镇 by households 0.5 after 49.5 base = 89.5 as well.
            world.township: ["50", "50"],
            world.other_township: [("49.5", Decimal("0.5")), ("49.5", Decimal("0.5"))],
            # 兰里镇: 50 + 0 + lower satisfaction; 芷江新镇: same total as 高村镇, higher code.
            third: ["54", "54"],
            fourth: ["50", "50"],
        },
        surveys={third: (10, 7, 2)},  # 39.5 × 8 / 10 = 31.6 → 85.6
    )
    rounds.close(round, by=org_admin)
    ranked = list(AssessmentResult.objects.filter(round=round).order_by("city_rank"))
    assert [(r.township.name, r.total, r.city_rank, r.county_rank) for r in ranked] == [
        ("吕家坪镇", Decimal("89.50"), 1, 1),  # households 0.5 beat 0
        ("高村镇", Decimal("89.50"), 2, 2),  # lower code than 芷江新镇
        ("芷江新镇", Decimal("89.50"), 3, 1),
        ("兰里镇", Decimal("85.60"), 4, 3),
    ]


def test_closing_needs_two_submitted_sheets_and_a_survey_for_every_township(world, org_admin):
    round = builders.scoring_round(world)
    with pytest.raises(ValidationError, match="提交的评分表不足2份，不能结束评分：高村镇"):
        rounds.close(round, by=org_admin)
    for sheet in round.assignments.select_related("reviewer", "round"):
        builders.submit(sheet)
    with pytest.raises(ValidationError, match="还没有录入群众满意度测评：高村镇"):
        rounds.close(round, by=org_admin)


def test_published_results_are_frozen(world, org_admin, client_as):
    round = builders.published_round(world)
    result = round.results.get(township=world.township)
    result.total = Decimal("100")
    with pytest.raises(FrozenWhenPublished):
        result.save()
    with pytest.raises(FrozenWhenPublished):
        result.delete()
    with pytest.raises(FrozenWhenPublished):
        AssessmentResult.objects.filter(round=round).update(total=Decimal("1"))
    line = result.lines.first()
    line.points = Decimal("0")
    with pytest.raises(FrozenWhenPublished):
        line.save()
    with pytest.raises(ValidationError, match="只有已结束的考核轮次可以发布"):
        rounds.publish(round, by=org_admin)
    with pytest.raises(ValidationError, match="只有评分中的考核轮次可以结束评分"):
        rounds.close(round, by=org_admin)
    assert AssessmentResult.objects.get(pk=result.pk).total != 100

    # Only the explicit reopening unfreezes them; closing again recomputes them.
    rounds.reopen(round, by=org_admin, reason="复核")
    rounds.close(round, by=org_admin)
    assert AssessmentResult.objects.filter(round=round).count() == 1


def test_the_results_page_shows_grades_and_ranks_and_drills_down_to_a_county(world, org_admin, client_as):
    round = builders.published_round(world)
    result = round.results.get(township=world.township)
    client = client_as(org_admin)
    page = client.get(reverse("assessment:round_results", args=[round.pk])).content.decode()
    assert result.get_absolute_url() in page and result.get_grade_display() in page
    assert "同分时帮扶对象生产发展和增收情况得分高者在前" in page
    county = client.get(reverse("assessment:round_results", args=[round.pk]), {"region": world.county.code})
    assert result.get_absolute_url() in county.content.decode()
    other = client.get(reverse("assessment:round_results", args=[round.pk]), {"region": world.other_county.code})
    assert result.get_absolute_url() not in other.content.decode()
    detail = client.get(result.get_absolute_url()).content.decode()
    assert f'data-testid="total">{result.total}<' in detail and "全市第 1 名，县内第 1 名" in detail


def test_results_before_publication_are_the_departments_only(world, org_admin, secretary_of_gaocun, leader, client_as):
    round = builders.scoring_round(world)
    for sheet in round.assignments.select_related("reviewer", "round"):
        builders.submit(sheet)
    builders.survey(round, world.township)
    rounds.close(round, by=org_admin)
    result = round.results.get()
    for person in (secretary_of_gaocun, leader, builders.reviewer(world)):
        assert client_as(person).get(result.get_absolute_url()).status_code == 404
        page = client_as(person).get(reverse("assessment:round_results", args=[round.pk])).content.decode()
        assert result.get_absolute_url() not in page and "结果尚未发布" in page
    assert client_as(org_admin).get(result.get_absolute_url()).status_code == 200


def test_a_secretary_sees_only_their_own_townships_published_result(world, secretary_of_other_township, client_as):
    round = builders.published_round(world)
    result = round.results.get(township=world.township)
    client = client_as(secretary_of_other_township)
    assert client.get(result.get_absolute_url()).status_code == 404
    assert "高村镇" not in client.get(reverse("assessment:round_results", args=[round.pk])).content.decode()
    assert client.get(reverse("api:assessment-result-detail", args=[result.pk])).status_code == 404


def test_a_reviewer_of_another_round_does_not_read_its_results(world, client_as):
    round = builders.published_round(world)
    stranger = factories.user("reviewer_c", "reviewer", world.city)
    result = round.results.get(township=world.township)
    assert client_as(stranger).get(result.get_absolute_url()).status_code == 404
    assert client_as(builders.reviewer(world)).get(result.get_absolute_url()).status_code == 200
