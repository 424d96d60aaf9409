"""Demo region tree modelled on the programme documents (seed 002): 怀化市 and some of its townships."""

from decimal import Decimal

from django.db import transaction

from . import codes
from .models import PilotTownship, Region, VillageIncome

CITY = ("431200000000", "怀化市")

COUNTIES = [
    ("431222000000", "沅陵县"),
    ("431225000000", "会同县"),
    ("431226000000", "麻阳苗族自治县"),
    ("431228000000", "芷江侗族自治县"),
    ("431281000000", "洪江市"),
]

# township code, name, villages
TOWNSHIPS = [
    ("431226101000", "高村镇", ["高村村", "锦和村", "楠木桥村", "长潭村"]),
    ("431228100000", "芷江镇", ["五郎溪村", "大垅村", "艾头坪村"]),
    ("431228102000", "公坪镇", ["公坪村", "邓家村", "瓦屋场村"]),
    ("431228105000", "碧涌镇", ["碧涌村", "竹坪村"]),
    ("431225210000", "青朗侗族苗族乡", ["青朗村", "岩头村", "地背村"]),
    ("431222104000", "官庄镇", ["官庄村", "界亭驿村", "黄壤坪村", "辰州坪村"]),
    ("431281104000", "双溪镇", ["双溪村", "江边村"]),
    ("431281107000", "托口镇", ["托口村", "岩门村"]),
]

# Pilot townships: code, batch, start year, lead industry (一镇一品), slug for the secretary account.
PILOTS = [
    ("431226101000", 1, 2010, "柑桔", "gaocun"),
    ("431228100000", 1, 2010, "芷江鸭养殖", "zhijiang"),
    ("431225210000", 1, 2011, "网箱养鱼", "qinglang"),
    ("431222104000", 2, 2012, "官庄毛尖茶", "guanzhuang"),
    ("431281104000", 2, 2012, "葡萄种植", "shuangxi"),
]

INCOME_YEARS = (2024, 2025)


def village_code(township_code: str, index: int) -> str:
    return codes.child_code(township_code, 200 + index + 1)


@transaction.atomic
def seed_regions() -> dict[str, Region]:
    """Create or refresh the demo tree; returns the nodes by code. Safe to run again."""
    nodes: dict[str, Region] = {}
    city, _ = Region.objects.update_or_create(code=CITY[0], defaults={"name": CITY[1], "parent": None})
    nodes[city.code] = city
    for code, name in COUNTIES:
        nodes[code], _ = Region.objects.update_or_create(code=code, defaults={"name": name, "parent": city})
    for code, name, villages in TOWNSHIPS:
        county = nodes[codes.county_code_of(code)]
        township, _ = Region.objects.update_or_create(code=code, defaults={"name": name, "parent": county})
        nodes[code] = township
        for index, village_name in enumerate(villages):
            vcode = village_code(code, index)
            village, _ = Region.objects.update_or_create(
                code=vcode, defaults={"name": village_name, "parent": township}
            )
            nodes[vcode] = village
            for year in INCOME_YEARS:
                # A plausible spread: later villages a little poorer, each year about 7% up.
                base = Decimal(9800 + 650 * (len(villages) - index)) * (Decimal("1.07") ** (year - 2024))
                VillageIncome.objects.get_or_create(
                    village=village,
                    year=year,
                    defaults={"per_capita_net_income": base.quantize(Decimal("1")), "source": "乡镇统计站"},
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
