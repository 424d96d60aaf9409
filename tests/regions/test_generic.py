"""Create and edit pages of regions, pilot townships and village income lines (see tests/generic.py)."""

from skilled_township.regions.models import PilotTownship, Region, VillageIncome

from ..generic import CreateOutOfScopeCases, MoveOutOfScopeCases


class TestRegion(CreateOutOfScopeCases, MoveOutOfScopeCases):
    """A village added under 高村镇 and renamed; a region's code never changes."""

    model = Region
    editor = "org_admin"
    create_url_name, update_url_name = "regions:region_create", "regions:region_update"
    scope_field = "code"

    def create_kwargs(self, world):
        return {"code": world.township.code}

    def form_data(self, world):
        return {"code": "431226101202", "name": "新建村"}

    def make(self, world):
        return world.village

    def update_kwargs(self, obj):
        return {"code": obj.code}

    def changes(self, world, obj):
        return {"name": "锦和新村"}

    def outside(self, world, elsewhere):
        return elsewhere.village.code

    def outside_create_kwargs(self, world, elsewhere):
        return {"code": elsewhere.township.code}


class TestPilotTownship(CreateOutOfScopeCases, MoveOutOfScopeCases):
    model = PilotTownship
    editor = "org_admin"
    create_url_name, update_url_name = "regions:pilot_create", "regions:pilot_update"
    scope_field = "township"

    def form_data(self, world):
        return {
            "township": world.other_township.pk,
            "batch": 2,
            "start_year": 2026,
            "lead_industry": "冰糖橙",
            "status": "planned",
        }

    def make(self, world):
        return world.pilot

    def changes(self, world, obj):
        return {"lead_industry": "黄桃", "batch": 3}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestVillageIncome(CreateOutOfScopeCases, MoveOutOfScopeCases):
    model = VillageIncome
    editor = "org_admin"
    create_url_name, update_url_name = "regions:income_create", "regions:income_update"
    scope_field = "village"

    def form_data(self, world):
        return {
            "township": world.township.pk,  # the picker's: the village is chosen among its villages
            "village": world.village.pk,
            "year": 2026,
            "per_capita_net_income": "13500.50",
            "source": "统计年鉴",
        }

    def make(self, world):
        return world.income

    def changes(self, world, obj):
        return {"per_capita_net_income": "12800.00"}

    def outside(self, world, elsewhere):
        return elsewhere.village.pk
