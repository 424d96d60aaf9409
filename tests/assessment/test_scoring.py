"""The score sheet: bounds, half points, comments below 60%, drafts, submission and the version check."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.assessment.models import ReviewerAssignment, Score
from skilled_township.assessment.services import scoring

from .. import factories
from ..generic import api_client
from . import builders


def first_indicator(sheet):
    return scoring.scored_indicators(sheet.round).first()  # 基地面积与软硬件建设, 10 points


def save(sheet, points, comment="", submit=False):
    item = first_indicator(sheet)
    sheet.refresh_from_db()
    return scoring.save_sheet(
        sheet,
        {item.pk: scoring.Entry(Decimal(points), comment)},
        version=sheet.version,
        by=sheet.reviewer,
        submit=submit,
    )


@pytest.mark.parametrize(
    ("points", "comment", "message"),
    [
        ("-0.5", "", "得分须在0到10分之间"),
        ("10.5", "", "得分须在0到10分之间"),
        ("7.3", "", "得分以0.5分为单位"),
        ("5.5", "", "得分低于分值的60%，请填写评分说明"),
    ],
)
def test_points_out_of_the_rules_are_refused(world, reviewer_a, points, comment, message):
    sheet = builders.sheet(world)
    with pytest.raises(ValidationError, match=message):
        save(sheet, points, comment)
    assert not Score.objects.filter(assignment=sheet).exists()


@pytest.mark.parametrize(("points", "comment"), [("0", "基地未开工"), ("6", ""), ("10", ""), ("5.5", "台账不全")])
def test_points_within_the_rules_are_saved(world, reviewer_a, points, comment):
    sheet = builders.sheet(world)
    save(sheet, points, comment)
    assert Score.objects.get(assignment=sheet).points == Decimal(points)


def test_a_draft_is_saved_then_submitted_and_then_locked(world, reviewer_a, client_as):
    sheet = builders.sheet(world)
    client = client_as(reviewer_a)
    page = client.get(sheet.get_absolute_url())
    item = first_indicator(sheet)
    data = {"version": page.context["form"]["version"].value(), f"points_{item.pk}": "8.5", "save": "1"}
    assert client.post(sheet.get_absolute_url(), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ReviewerAssignment.Status.DRAFT and sheet.version == 1

    # Submitting needs every indicator.
    data = {**data, "version": "1", "submit": "1"}
    response = client.post(sheet.get_absolute_url(), data)
    assert "提交前请为每项指标评分" in response.content.decode()

    entries = builders.full_marks(sheet)
    full = {"version": "1", "submit": "1"}
    for pk, entry in entries.items():
        full[f"points_{pk}"], full[f"comment_{pk}"] = str(entry.points), entry.comment
    assert client.post(sheet.get_absolute_url(), full).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_submitted and sheet.submitted_at is not None
    assert AuditEntry.objects.for_object(sheet).filter(changes__status=["draft", "submitted"]).exists()

    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "已提交" in page and 'data-testid="submit-sheet"' not in page and "disabled" in page
    with pytest.raises(ValidationError, match="评分表已提交"):
        scoring.save_sheet(sheet, entries, version=sheet.version, by=reviewer_a)


def test_two_tabs_saving_the_same_version_the_second_is_refused_and_keeps_its_input(world, reviewer_a, client_as):
    sheet = builders.sheet(world)
    item = first_indicator(sheet)
    client = client_as(reviewer_a)
    first = {"version": "0", f"points_{item.pk}": "9", "save": "1"}
    second = {"version": "0", f"points_{item.pk}": "7", f"comment_{item.pk}": "第二个窗口", "save": "1"}
    assert client.post(sheet.get_absolute_url(), first).status_code == 302

    response = client.post(sheet.get_absolute_url(), second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "评分表已在别处（其他窗口或他人）保存过，您的修改未保存" in page
    assert 'value="7"' in page and "第二个窗口" in page  # the user's input stays in the form
    assert Score.objects.get(assignment=sheet).points == 9


def test_the_api_writes_through_the_same_version_check(world, reviewer_a):
    sheet = builders.sheet(world)
    item = first_indicator(sheet)
    client = api_client(reviewer_a)
    url = reverse("api:assessment-score-list")
    body = {"assignment": sheet.pk, "indicator": item.pk, "points": "9", "version": 0}
    created = client.post(url, body, format="json")
    assert created.status_code == 201 and created.data["sheet_version"] == 1
    detail = reverse("api:assessment-score-detail", args=[created.data["id"]])
    stale = client.patch(detail, {"points": "8", "version": 0}, format="json")
    assert stale.status_code == 409
    assert Score.objects.get(pk=created.data["id"]).points == 9
    wrong = client.patch(detail, {"points": "8.2", "version": 1}, format="json")
    assert wrong.status_code == 400 and "0.5" in str(wrong.data)


def test_a_reviewer_opens_only_their_own_sheets(world, reviewer_a, client_as):
    other = builders.sheet(world, "reviewer_b")
    unassigned = factories.user("reviewer_c", "reviewer", world.city)
    assert client_as(reviewer_a).get(other.get_absolute_url()).status_code == 404
    assert client_as(unassigned).get(builders.sheet(world).get_absolute_url()).status_code == 404
    assert "高村镇" not in client_as(unassigned).get(reverse("assessment:my_sheets")).content.decode()
    item = first_indicator(other)
    body = {"assignment": other.pk, "indicator": item.pk, "points": "9", "version": 0}
    assert api_client(reviewer_a).post(reverse("api:assessment-score-list"), body, format="json").status_code == 400


def test_the_sheet_shows_each_indicator_with_its_maximum_and_figure(world, reviewer_a, client_as):
    sheet = builders.sheet(world)
    page = client_as(reviewer_a).get(sheet.get_absolute_url()).content.decode()
    assert "基地面积与软硬件建设" in page and "满分 10.0" in page
    assert 'data-testid="figure-operating_bases"' in page and "运营中的示范基地" in page
    assert "群众满意度测评" not in page  # scored by the survey, not by reviewers
    assert 'inputmode="decimal"' in page


def test_a_reviewer_is_told_of_sheets_still_to_submit(world, reviewer_a, client_as):
    builders.sheet(world)
    home = client_as(reviewer_a).get(reverse("home")).content.decode()
    assert 'data-notice="assessment-sheets"' in home
