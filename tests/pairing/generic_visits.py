"""Create and edit pages and API of visits, their amendments and the norms (see tests/generic.py); collected
through test_generic.py."""

import datetime

from django.urls import reverse
from django.utils import timezone

from skilled_township.pairing.models import Norm, Visit, VisitAmendment

from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases, api_client, domain_entries, snapshot
from . import visit_builders as builders


def pairing_elsewhere(world, elsewhere):
    """An active pairing of a cadre of the township outside the keeper's scope."""
    return builders.pairing(world, "外镇农户", village=elsewhere.village, cadre=elsewhere.cadre, phone="13911110000")


class TestVisit(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = Visit
    create_url_name, update_url_name = "pairing:visit_create", "pairing:visit_update"
    api_basename = "visit"
    scope_field = "pairing"

    def form_data(self, world):
        return {
            "pairing": builders.pairing(world).pk,
            "visited_on": "2026-03-05",
            "kind": "technical",
            "content": "指导柑桔春季施肥",
            "problems": "缺少有机肥",
            "help_given": "联系合作社代购",
            "follow_up_due": "2026-03-20",
            "latitude": "27.866000",
            "longitude": "109.802000",
        }

    def make(self, world):
        return builders.visit(world)

    def changes(self, world, obj):
        return {"content": "了解柑桔销售和冬季清园", "problems": "销路不畅"}

    def api_payload(self, world):
        pair = builders.pairing(world).pk
        return {"pairing": pair, "visited_on": "2026-03-06", "kind": "policy", "content": "宣传产业奖补政策"}

    def api_changes(self, world, obj):
        return {"help_given": "帮助申请产业奖补"}

    def outside(self, world, elsewhere):
        return pairing_elsewhere(world, elsewhere).pk


class TestVisitAmendment(ApiScopeCases):
    """Amendments are made through the API's list (a new amendment); once made they are never changed."""

    model = VisitAmendment
    api_basename = "visit-amendment"
    scope_field = "visit"

    def make(self, world):
        return builders.amendment(world)

    def api_payload(self, world):
        visit = builders.confirmed_visit(world).pk
        return {"visit": visit, "reason": "内容写漏了", "content": "指导柑桔冬季清园和施肥"}

    def api_changes(self, world, obj):
        return {"reason": "改个原因"}

    def outside(self, world, elsewhere):
        pair = pairing_elsewhere(world, elsewhere)
        return Visit.objects.create(
            pairing=pair,
            cadre=pair.cadre,
            household=pair.household,
            visited_on=datetime.date(2026, 3, 2),
            content="走访",
            recorded_by=builders.recorder(world),
            confirmation=Visit.Confirmation.CODE,
            confirmed_at=timezone.now(),
        ).pk

    def test_api_update(self, world, keeper):
        """An amendment is part of the record: a PATCH is not offered."""
        obj = self.make(world)
        before, entries = snapshot(obj), domain_entries()
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(keeper).patch(url, self.api_changes(world, obj), format="json")
        assert response.status_code == 405
        assert (snapshot(obj), domain_entries()) == (before, entries)

    def test_api_move_out_of_scope_is_refused(self, world, scope_keeper, elsewhere):
        obj = self.make(world)
        payload = {self.scope_field: self.outside(world, elsewhere)}
        before, entries = snapshot(obj), domain_entries()
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(scope_keeper).patch(url, payload, format="json")
        assert response.status_code == 405
        assert (snapshot(obj), domain_entries()) == (before, entries)


class TestNorm(CreateOutOfScopeCases, MoveOutOfScopeCases):
    model = Norm
    editor = "org_admin"
    create_url_name, update_url_name = "pairing:norm_create", "pairing:norm_update"
    scope_field = "region"

    def form_data(self, world):
        return {"region": world.county.pk, "year": 2027, "visit_days_per_month": 12, "skill_share_percent": "85.00"}

    def make(self, world):
        return builders.norm(world)

    def changes(self, world, obj):
        return {"visit_days_per_month": 9}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk
