"""Create and edit pages and API of the public listing and the service ledger (see tests/generic.py); collected
through test_generic.py, where the shared API tests look for each app's cases."""

from skilled_township.certifications.models import PublicProfile, ServiceRecord

from .. import objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases
from .service_builders import owner, profile, service_record


class TestPublicProfile(MoveOutOfScopeCases):
    model = PublicProfile
    update_url_name = "certifications:profile_edit"
    scope_field = "cadre"

    def make(self, world):
        return profile(owner(world), duties="柑桔嫁接")

    def update_kwargs(self, obj):
        return {"cadre_pk": obj.cadre_id}

    def changes(self, world, obj):
        return {"duties": "柑桔嫁接、病虫害防治上门指导"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk


class TestServiceRecord(CreateOutOfScopeCases, ApiScopeCases):
    model = ServiceRecord
    create_url_name = "certifications:ledger_create"
    api_basename = "service-record"
    scope_field = "cadre"

    def form_data(self, world):
        return {
            "cadre": owner(world).pk,
            "served_on": "2026-03-10",
            "skill": objects.skill(world).pk,
            "village": world.village.pk,
            "recipient": "锦和村滕大爷",
            "content": "果园修剪",
            "outcome": "已修剪二十株",
        }

    def make(self, world):
        return service_record(world)

    def api_payload(self, world):
        return {**self.form_data(world), "served_on": "2026-03-11"}

    def api_changes(self, world, obj):
        return {"outcome": "已修剪三十株"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk
