"""Create and edit pages and API of the roster, secondments and education targets (see tests/generic.py)."""

from skilled_township.cadres.models import Cadre, EducationTarget, Secondment

from .. import objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases


class TestCadre(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = Cadre
    create_url_name, update_url_name = "cadres:cadre_create", "cadres:cadre_update"
    api_basename = "cadre"
    scope_field = "township"

    def form_data(self, world):
        return {
            "township": world.township.pk,
            "name": "杨梅",
            "id_number": objects.new_resident_id("002"),
            "mobile": "13912345678",
            "position": "staff",
            "education": 4,
            "political_status": "party_member",
            "status": "in_post",
        }

    def make(self, world):
        return objects.cadre(world)

    def changes(self, world, obj):
        return {"mobile": "13700001111", "reserve_level": "village"}

    def api_payload(self, world):
        return {**self.form_data(world), "name": "田园", "id_number": objects.new_resident_id("004")}

    def api_changes(self, world, obj):
        return {"mobile": "13600002222", "education": 5}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestSecondment(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    """A secondment is added under its cadre (taken from the URL) and stays with them."""

    model = Secondment
    create_url_name, update_url_name = "cadres:secondment_create", "cadres:secondment_update"
    api_basename = "secondment"
    scope_field = "cadre"

    def create_kwargs(self, world):
        return {"cadre_pk": objects.cadre(world).pk}

    def form_data(self, world):
        return {
            "kind": "first_secretary",
            "village": world.village.pk,
            "sending_unit": "麻阳县农业农村局",
            "start_date": "2026-01-10",
            "living_allowance": "800.00",
        }

    def make(self, world):
        return objects.secondment(world)

    def changes(self, world, obj):
        return {"sending_unit": "湖南农业大学", "team_members": "张三"}

    def api_payload(self, world):
        return {"cadre": objects.cadre(world).pk, **self.form_data(world), "kind": "tech_deputy", "village": None}

    def api_changes(self, world, obj):
        return {"living_allowance": "1200.00"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk

    def outside_create_kwargs(self, world, elsewhere):
        return {"cadre_pk": elsewhere.cadre.pk}


class TestEducationTarget(CreateOutOfScopeCases, MoveOutOfScopeCases):
    model = EducationTarget
    editor = "org_admin"
    create_url_name, update_url_name = "cadres:target_create", "cadres:target_update"
    scope_field = "region"

    def form_data(self, world):
        return {
            "region": world.county.pk,
            "year": 2026,
            "group": "others",
            "min_education": 3,
            "target_percent": "85.00",
        }

    def make(self, world):
        return objects.education_target(world)

    def changes(self, world, obj):
        return {"target_percent": "92.50"}

    def outside(self, world, elsewhere):
        return elsewhere.county.pk
