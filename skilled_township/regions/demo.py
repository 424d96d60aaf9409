"""Demo city: the real 怀化市 from the 2023 division codes (fixtures/regions/), its pilot townships (seed 002)
and income lines for the villages (not the urban communities) of those townships."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from . import codes
from .loading import read_rows
from .models import PilotTownship, Region, VillageIncome
from .services import load_region_tree

CITY = ("431200000000", "怀化市")
FIXTURE = settings.BASE_DIR / "fixtures" / "regions" / "431200.csv"
EDITION = 2023

# Pilot townships: code, batch, start year, lead industry (一镇一品), slug for the secretary account.
PILOTS = [
    ("431226106000", 1, 2010, "柑桔", "gaocun"),  # 麻阳 高村镇
    ("431228100000", 1, 2010, "芷江鸭养殖", "zhijiang"),  # 芷江 芷江镇
    ("431225212000", 1, 2011, "网箱养鱼", "qinglang"),  # 会同 青朗侗族苗族乡
    ("431222114000", 2, 2012, "官庄毛尖茶", "guanzhuang"),  # 沅陵 官庄镇
    # 洪江市 双溪镇 is no longer a township in the 2023 codes; its 双溪社区 and 双溪口村 lie in 黔城镇.
    ("431281101000", 2, 2012, "葡萄种植", "qiancheng"),
]

INCOME_YEARS = (2024, 2025)


@transaction.atomic
def seed_regions() -> dict[str, Region]:
    """Load the city's tree and mark the pilots; returns every node of the city by code. Safe to run again."""
    city = load_region_tree(read_rows(FIXTURE), year=EDITION).city
    nodes = {region.code: region for region in Region.objects.under(city)}
    pilots = [nodes[code] for code, *_rest in PILOTS]
    recorded = set(VillageIncome.objects.filter(village__parent__in=pilots).values_list("village_id", "year"))
    for township in pilots:
        villages = sorted(
            (
                node
                for node in nodes.values()
                if node.parent_id == township.pk and codes.is_villagers_committee(node.code)
            ),
            key=lambda village: village.code,
        )
        for index, village in enumerate(villages):
            for year in INCOME_YEARS:
                if (village.pk, year) in recorded:
                    continue
                # A plausible spread between villages, each year about 7% up.
                base = Decimal(9800 + 650 * ((len(villages) - index) % 12)) * (Decimal("1.07") ** (year - 2024))
                VillageIncome.objects.create(
                    village=village, year=year, per_capita_net_income=base.quantize(Decimal("1")), source="乡镇统计站"
                )
    for code, batch, start_year, industry, _slug in PILOTS:
        PilotTownship.objects.get_or_create(
            township=nodes[code],
            defaults={"batch": batch, "start_year": start_year, "lead_industry": industry},
        )
    return nodes


def seed(state: dict) -> None:
    state["regions"] = seed_regions()
    state["report"].append(f"Regions: {len(state['regions'])} nodes, {len(PILOTS)} pilot townships.")
