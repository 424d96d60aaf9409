"""Create and edit pages and API of the catalogue, required skills and villagers' demand (see tests/generic.py)."""

from skilled_township.skills.models import Demand, Skill, SkillCategory, TownshipRequiredSkill

from .. import factories, objects
from ..generic import ApiCases, ApiScopeCases, CreateCases, CreateOutOfScopeCases, EditCases, MoveOutOfScopeCases


class TestSkill(CreateCases, EditCases, ApiCases):
    """The catalogue is city-wide: nothing to move out of scope."""

    model = Skill
    editor = "org_admin"
    create_url_name, update_url_name = "skills:skill_create", "skills:skill_update"
    api_basename = "skill"

    def form_data(self, world):
        return {
            "code": "T98",
            "name": "稻田养鸭",
            "category": factories.skill_category().pk,
            "related_industry": "养殖",
        }

    def make(self, world):
        return objects.skill(world)

    def changes(self, world, obj):
        return {"name": "柑桔栽培与病虫害防治", "related_industry": "柑桔"}

    def api_payload(self, world):
        return {"code": "T97", "name": "油茶种植", "category": factories.skill_category().pk}

    def api_changes(self, world, obj):
        return {"description": "修剪、施肥与病虫害防治。"}


class TestSkillCategory(ApiCases):
    model = SkillCategory
    editor = "org_admin"
    api_basename = "skill-category"

    def make(self, world):
        return factories.skill_category()

    def api_payload(self, world):
        return {"code": "industry", "name": "产业发展", "order": 4}

    def api_changes(self, world, obj):
        return {"name": "发展经济（产业）"}


class TestTownshipRequiredSkill(CreateOutOfScopeCases):
    """Required skills are added and removed, never edited."""

    model = TownshipRequiredSkill
    create_url_name = "skills:required_create"
    scope_field = "township"

    def form_data(self, world):
        return {"township": world.township.pk, "year": 2026, "skill": objects.skill(world).pk}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestDemand(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = Demand
    create_url_name, update_url_name = "skills:demand_create", "skills:demand_update"
    api_basename = "demand"
    scope_field = "village"

    def form_data(self, world):
        return {
            "village": world.village.pk,
            "household_name": "杨大伯",
            "skill": objects.skill(world).pk,
            "source": "survey",
            "recorded_on": "2026-03-05",
            "headcount": 3,
        }

    def make(self, world):
        return objects.demand(world)

    def changes(self, world, obj):
        return {"headcount": 5, "source": "forum"}

    def api_payload(self, world):
        return {**self.form_data(world), "household_name": "龙大娘"}

    def api_changes(self, world, obj):
        return {"headcount": 7, "note": "想学嫁接"}

    def outside(self, world, elsewhere):
        return elsewhere.village.pk
