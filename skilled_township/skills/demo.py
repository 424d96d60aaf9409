"""Demo catalogue, each demo pilot township's required skills this year, and villagers' demand entries."""

import datetime
import random

from django.utils import timezone

from skilled_township.regions.codes import is_villagers_committee
from skilled_township.regions.demo import PILOTS

from .models import Demand, Skill, TownshipRequiredSkill
from .services import load_catalogue

# Required skills (必修) per demo pilot township, by lead industry (一镇一品); seed 002: 麻阳 made 水稻种植
# and 柑桔栽培 required for all its cadres.
REQUIRED = {
    "431226106000": ["JJ01", "JJ02", "QZ01"],
    "431228100000": ["JJ15", "JJ19", "WW02"],
    "431225212000": ["JJ17", "JJ16", "QZ01"],
    "431222114000": ["JJ05", "JJ25", "WW01"],
    "431281101000": ["JJ04", "JJ24", "WW10"],
}

# The real townships have dozens of villages: demand entries for a few of their rural villages make the demo.
DEMAND_VILLAGES = 4

# What villagers around each township ask for most (codes), beyond the lead industry.
ASKED_FOR = ["JJ11", "JJ14", "JJ19", "JJ20", "JJ24", "JJ23", "WW01", "QZ04", "QZ05", "QZ07", "JJ28", "WW04"]


def seed(state: dict) -> None:
    count = load_catalogue()
    today = timezone.localdate()
    skills = {skill.code: skill for skill in Skill.objects.all()}
    for code, *_rest in PILOTS:
        township = state["regions"][code]
        for skill_code in REQUIRED[code]:
            TownshipRequiredSkill.objects.get_or_create(township=township, year=today.year, skill=skills[skill_code])
        if Demand.objects.under(township).exists():
            continue
        rng = random.Random(code)  # the same demo every time
        wanted = REQUIRED[code][:2] + ASKED_FOR
        villages = [v for v in township.children.order_by("code") if is_villagers_committee(v.code)]
        for village in villages[:DEMAND_VILLAGES]:
            for _ in range(rng.randint(6, 12)):
                days_back = rng.randint(0, max(today.timetuple().tm_yday - 1, 0))
                Demand.objects.create(
                    village=village,
                    skill=skills[rng.choice(wanted)],
                    source=rng.choice(Demand.Source.values),
                    recorded_on=today - datetime.timedelta(days=days_back),
                    headcount=rng.choice([1, 1, 2, 3, 5]),
                    household_name=rng.choice(["", "", "张家", "李家", "王家", "杨家", "滕家"]),
                )
    state["report"].append(f"Skills catalogue: {count} skills; required skills and demand for the demo townships.")
