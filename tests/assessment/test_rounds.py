"""Rounds: the rubric and its 100 points, the steps and who took them, reopening with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.roles import Role
from skilled_township.assessment.models import AssessmentRound, Indicator, RoundStep
from skilled_township.assessment.services import rounds, rubric

from .. import factories
from . import builders


def test_a_new_round_gets_the_default_rubric_of_the_seeds_summing_to_100(world, org_admin):
    round = rounds.create_round(world.city, 2025, by=org_admin)
    areas = dict(Indicator.Area.choices)
    by_area = {}
    for item in round.indicators.all():
        by_area[areas[item.area]] = by_area.get(areas[item.area], 0) + item.max_points
    assert by_area == {
        "示范基地建设和管理": 25,
        "镇干部技能培训和帮扶服务": 35,
        "帮扶对象生产发展和增收情况": 30,
        "群众满意度": 10,
    }
    assert rubric.rubric_sum(round) == 100
    assert [s.status for s in round.steps.all()] == ["draft"]


def test_the_next_round_copies_the_previous_rubric_with_its_changes(world, org_admin):
    first = rounds.create_round(world.city, 2024, by=org_admin)
    item = first.indicators.get(name="基地面积与软硬件建设")
    item.max_points = Decimal("12")
    item.save()
    second = rounds.create_round(world.city, 2025, by=org_admin)
    assert second.indicators.get(name="基地面积与软硬件建设").max_points == 12
    assert second.indicators.count() == first.indicators.count()


def test_one_round_a_year(world, org_admin, client_as):
    rounds.create_round(world.city, 2025, by=org_admin)
    response = client_as(org_admin).post(reverse("assessment:round_create"), {"year": "2025"})
    assert "2025年度的考核轮次已存在" in response.content.decode()
    assert AssessmentRound.objects.count() == 1


def test_scoring_does_not_open_unless_the_rubric_sums_to_exactly_100(world, org_admin, client_as):
    round = builders.draft_round(world)
    from skilled_township.assessment.services import assignments

    assignments.assign(round, world.township, builders.reviewer(world, "reviewer_b"), by=org_admin)
    item = round.indicators.get(name="示范辐射和日常管理")
    item.max_points = Decimal("9.5")
    rubric.save_indicator(item)

    response = client_as(org_admin).post(reverse("assessment:round_action", args=[round.pk, "open"]), follow=True)
    assert "评分细则各指标分值合计须为100分，目前为102.5分。" in response.content.decode()
    round.refresh_from_db()
    assert round.is_draft

    item.max_points = Decimal("7")
    rubric.save_indicator(item)
    rounds.open_scoring(round, by=org_admin)
    round.refresh_from_db()
    assert round.is_scoring and round.opened_by == org_admin and round.opened_at is not None


def test_the_rubric_is_edited_only_in_draft(world, org_admin, client_as):
    round = builders.scoring_round(world)
    item = round.indicators.first()
    with pytest.raises(ValidationError, match="只有草稿状态"):
        item.max_points = Decimal("1")
        rubric.save_indicator(item)
    response = client_as(org_admin).post(
        reverse("assessment:indicator_update", args=[item.pk]),
        {"area": item.area, "order": 1, "name": item.name, "max_points": "1", "figure": ""},
    )
    assert "只有草稿状态的考核轮次可以修改评分细则" in response.content.decode()
    assert Indicator.objects.get(pk=item.pk).max_points != 1


def test_scoring_does_not_open_while_a_township_has_fewer_than_two_reviewers(world, org_admin):
    round = builders.draft_round(world)  # 高村镇 has one reviewer
    with pytest.raises(ValidationError, match="以下乡镇不足：高村镇"):
        rounds.open_scoring(round, by=org_admin)


def test_reopening_a_published_round_needs_a_reason_and_is_audited(world, org_admin, client_as):
    round = builders.published_round(world)
    client = client_as(org_admin)
    url = reverse("assessment:round_reopen", args=[round.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert AssessmentRound.objects.get(pk=round.pk).is_published

    response = client.post(url, {"reason": "高村镇满意度测评人数录入有误"})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.is_scoring and round.published_at is None
    step = round.steps.last()
    assert (step.status, step.by, step.reason) == ("scoring", org_admin, "高村镇满意度测评人数录入有误")
    assert AuditEntry.objects.for_object(step).filter(action="create", user=org_admin).exists()
    changed = AuditEntry.objects.for_object(round).filter(action="update").order_by("pk").last()
    assert changed.changes["status"] == ["published", "scoring"]
    page = client.get(round.get_absolute_url()).content.decode()
    assert "高村镇满意度测评人数录入有误" in page


def test_every_step_records_who_and_when(world, org_admin):
    round = builders.published_round(world)
    assert [(s.status, s.by) for s in RoundStep.objects.filter(round=round)] == [
        ("draft", org_admin),
        ("scoring", org_admin),
        ("closed", org_admin),
        ("published", org_admin),
    ]
    assert round.closed_by == round.published_by == org_admin


def test_a_county_admin_reads_rounds_but_does_not_manage_them(world, org_admin_of_other_county, client_as):
    round = builders.draft_round(world)
    client = client_as(org_admin_of_other_county)
    assert client.get(round.get_absolute_url()).status_code == 200
    assert client.get(reverse("assessment:round_create")).status_code == 403
    assert client.post(reverse("assessment:round_action", args=[round.pk, "open"])).status_code == 403
    assert "新建" not in client.get(reverse("assessment:round_list")).content.decode()


def test_grade_bands_are_set_per_round_and_must_descend(world, org_admin, client_as):
    round = builders.draft_round(world)
    url = reverse("assessment:round_settings", args=[round.pk])
    data = {"spread_share": "0.25", "excellent_from": "80", "good_from": "85", "pass_from": "60"}
    response = client_as(org_admin).post(url, data)
    assert "依次递减" in response.content.decode()
    data["good_from"] = "75"
    assert client_as(org_admin).post(url, data).status_code == 302
    round.refresh_from_db()
    assert (round.spread_share, round.excellent_from, round.good_from) == (Decimal("0.25"), 80, 75)


def test_cadres_and_appraisers_do_not_see_rounds(world, hr_appraiser, cadre_of_gaocun):
    builders.draft_round(world)
    assert not AssessmentRound.objects.visible_to(hr_appraiser).exists()
    assert not AssessmentRound.objects.visible_to(cadre_of_gaocun).exists()
    reviewer = factories.user("reviewer_zhijiang", Role.REVIEWER, world.other_county)
    assert AssessmentRound.objects.visible_to(reviewer).count() == 1


def test_the_round_page_shows_the_rubric_by_area_with_its_figures_and_total(world, leader, client_as):
    round = builders.draft_round(world)
    page = client_as(leader).get(round.get_absolute_url()).content.decode()
    assert "示范基地建设和管理（25.0）" in page and "运营中的示范基地" in page
    assert "合计 100.0 分" in page
    assert "新增考核指标" not in page  # the leader reads, only the department edits
