"""Certificates count as held only while valid and not expired: the roster's filters and the demand gap."""

import datetime

from django.urls import reverse
from django.utils import timezone

from skilled_township.learning.services.gaps import gap_ranking
from skilled_township.skills.models import Demand

from .. import factories, objects
from . import builders


def test_the_roster_does_not_count_an_expired_certificate(world, org_admin, client_as):
    skill = objects.skill(world)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    builders.certify(factories.cadre(world.township, "过期者"), skill, expires_on=yesterday)
    builders.certify(factories.cadre(world.township, "持证人"), skill)
    client = client_as(org_admin)

    def names(query):
        return sorted(c.name for c in client.get(reverse("cadres:cadre_list"), query).context["table"].data)

    assert names({"has_certificate": "true"}) == ["持证人"]
    assert names({"has_certificate": "false"}) == ["过期者"]
    assert names({"skill": skill.pk}) == ["持证人"]


def test_the_demand_gap_does_not_count_an_expired_certificate(world):
    skill = objects.skill(world)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Demand.objects.create(
        village=world.village, skill=skill, source="visit", headcount=3, recorded_on=timezone.localdate()
    )
    builders.certify(factories.cadre(world.township, "过期者"), skill, expires_on=yesterday)
    builders.certify(factories.cadre(world.township, "持证人"), skill, expires_on=timezone.localdate())
    (row,) = gap_ranking(world.township, timezone.localdate().year)
    assert (row.certified, row.covered, row.gap) == (1, 1, 2)
