"""Demo plan rule, this year's learning plans and three months of study records."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.regions.demo import CITY, PILOTS
from skilled_township.skills.models import Skill

from . import services
from .models import PlanRule, StudyRecord


def seed(state: dict) -> None:
    today = timezone.localdate()
    city = state["regions"][CITY[0]]
    PlanRule.objects.get_or_create(region=city, year=today.year, defaults={"min_electives": 1, "min_per_category": 0})

    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    townships = [state["regions"][code] for code, *_rest in PILOTS]
    for cadre in Cadre.objects.filter(township__in=townships).in_post().order_by("id"):
        rng = random.Random(f"learning-{cadre.id_number}")
        electives = rng.sample(skills, 3)[: rng.randint(0, 3)]
        proficiencies = [rng.choice([1, 2, 2, 3]) for _ in electives]
        if not cadre.plans.filter(year=today.year).exists():
            plan = services.create_plan(cadre, today.year)
            services.save_electives(plan, list(zip(electives, proficiencies, strict=True)))
        if cadre.study_records.exists():
            continue
        planned = [item.skill for item in cadre.plans.get(year=today.year).items.select_related("skill")]
        for _ in range(rng.randint(2, 8)):
            StudyRecord.objects.create(
                cadre=cadre,
                studied_on=today - datetime.timedelta(days=rng.randint(0, 89)),
                hours=Decimal(rng.choice(["1", "1.5", "2", "3", "4"])),
                skill=rng.choice(planned or skills),
                mode=rng.choice(StudyRecord.Mode.values),
                notes=rng.choice(
                    ["", "记录了要点，下月到基地实践。", "向技术员请教了病虫害防治。", "结合村里实际作了交流发言。"]
                ),
            )
