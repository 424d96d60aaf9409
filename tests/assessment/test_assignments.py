"""Assigning reviewers: never to the county they belong to."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.assessment.models import ReviewerAssignment
from skilled_township.assessment.services import assignments

from .. import factories
from . import builders


def test_a_county_reviewer_is_refused_for_a_township_of_their_own_county(world, org_admin, client_as):
    mayang = factories.user("reviewer_mayang", Role.REVIEWER, world.county, full_name="麻阳 田军")
    round = builders.draft_round(world)
    response = client_as(org_admin).post(
        reverse("assessment:assignment_create", args=[round.pk]), {"township": world.township.pk, "reviewer": mayang.pk}
    )
    assert "麻阳 田军属于麻阳苗族自治县，不能考核本县（市、区）的高村镇（回避）。" in response.content.decode()
    assert not ReviewerAssignment.objects.filter(reviewer=mayang).exists()


def test_a_county_reviewer_may_score_another_county_and_a_city_reviewer_anywhere(world, org_admin):
    zhijiang = factories.user("reviewer_zhijiang", Role.REVIEWER, world.other_county)
    round = builders.draft_round(world)
    assignments.assign(round, world.township, zhijiang, by=org_admin)
    assignments.assign(round, world.other_township, builders.reviewer(world), by=org_admin)
    assert round.assignments.count() == 3


def test_only_active_reviewers_of_the_city_and_each_once(world, org_admin, leader):
    round = builders.draft_round(world)
    with pytest.raises(ValidationError, match="考核组成员账号"):
        assignments.assign(round, world.township, leader, by=org_admin)
    with pytest.raises(ValidationError, match="已分配"):
        assignments.assign(round, world.township, builders.reviewer(world), by=org_admin)


def test_the_round_page_names_townships_short_of_reviewers(world, org_admin, client_as):
    round = builders.draft_round(world)
    page = client_as(org_admin).get(round.get_absolute_url()).content.decode()
    assert 'data-testid="short-of-reviewers"' in page and "高村镇" in page
    home = client_as(org_admin).get(reverse("home")).content.decode()
    assert 'data-notice="assessment-short"' in home


def test_a_submitted_sheet_cannot_be_unassigned(world, org_admin):
    sheet = builders.sheet(world)
    builders.submit(sheet)
    with pytest.raises(ValidationError, match="已提交"):
        assignments.unassign(ReviewerAssignment.objects.get(pk=sheet.pk))
