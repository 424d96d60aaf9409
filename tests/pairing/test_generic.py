"""Create and edit pages and API of households, their members, members' skills and incomes (see tests/generic.py)."""

from skilled_township.pairing.models import Household, HouseholdIncome, Member, MemberSkill

from .. import objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases
from . import household_builders as built
from .generic_visits import TestNorm, TestVisit, TestVisitAmendment  # noqa: F401  (collected here)


def _outside_household(elsewhere):
    return built.household(None, "外乡户主", village=elsewhere.village)


class TestHousehold(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = Household
    create_url_name, update_url_name = "pairing:household_create", "pairing:household_update"
    api_basename = "household"
    scope_field = "village"

    def form_data(self, world):
        return {
            "village": world.village.pk,
            "head_name": "蒲光明",
            "id_number": objects.new_resident_id("086"),
            "phone": "13912340000",
            "members": 5,
            "labour_members": 3,
            "main_industry": "柑桔",
        }

    def make(self, world):
        return built.household(world)

    def changes(self, world, obj):
        return {"members": 6, "main_industry": "生猪"}

    def api_payload(self, world):
        payload = {**self.form_data(world), "head_name": "蒲春生", "id_number": objects.new_resident_id("088")}
        return {**payload, "registered_poor": True, "registered_poor_year": 2015}

    def api_changes(self, world, obj):
        return {"phone": "13700001111"}

    def outside(self, world, elsewhere):
        return elsewhere.village.pk


class TestMember(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    """A member is added under their household (taken from the URL) and stays with it."""

    model = Member
    create_url_name, update_url_name = "pairing:member_create", "pairing:member_update"
    api_basename = "household-member"
    scope_field = "household"

    def create_kwargs(self, world):
        return {"household_pk": built.household(world).pk}

    def outside_create_kwargs(self, world, elsewhere):
        return {"household_pk": _outside_household(elsewhere).pk}

    def update_kwargs(self, obj):
        return {"household_pk": obj.household_id, "pk": obj.pk}

    def form_data(self, world):
        return {"name": "滕玉梅", "relation": "配偶", "birth_year": 1975}

    def make(self, world):
        return built.member(world)

    def changes(self, world, obj):
        return {"relation": "儿媳", "birth_year": 1990}

    def api_payload(self, world):
        return {"household": built.household(world).pk, "name": "滕满仓", "labour_capable": True}

    def api_changes(self, world, obj):
        return {"labour_capable": False}

    def outside(self, world, elsewhere):
        return _outside_household(elsewhere).pk


class TestMemberSkill(CreateOutOfScopeCases):
    model = MemberSkill
    create_url_name = "pairing:member_skill_create"
    scope_field = "member"

    def create_kwargs(self, world):
        member = built.member(world)
        return {"household_pk": member.household_id, "member_pk": member.pk}

    def outside_create_kwargs(self, world, elsewhere):
        member = built.member(None, "外乡人", of=_outside_household(elsewhere))
        return {"household_pk": member.household_id, "member_pk": member.pk}

    def form_data(self, world):
        return {"year": 2025, "skill": objects.skill(world).pk}

    def outside(self, world, elsewhere):
        return self.outside_create_kwargs(world, elsewhere)["member_pk"]


class TestHouseholdIncome(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = HouseholdIncome
    create_url_name, update_url_name = "pairing:income_create", "pairing:income_update"
    api_basename = "household-income"
    scope_field = "household"

    def create_kwargs(self, world):
        return {"household_pk": built.household(world).pk}

    def outside_create_kwargs(self, world, elsewhere):
        return {"household_pk": _outside_household(elsewhere).pk}

    def update_kwargs(self, obj):
        return {"household_pk": obj.household_id, "pk": obj.pk}

    def form_data(self, world):
        return {"year": 2024, "per_capita_net_income": "10250.50", "source": "入户核算"}

    def make(self, world):
        return built.income(world)

    def changes(self, world, obj):
        return {"per_capita_net_income": "11000.00"}

    def api_payload(self, world):
        return {"household": built.household(world).pk, "year": 2023, "per_capita_net_income": "8000.00"}

    def api_changes(self, world, obj):
        return {"source": "乡镇统计站"}

    def outside(self, world, elsewhere):
        return _outside_household(elsewhere).pk
