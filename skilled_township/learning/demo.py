"""Demo plan rule, this year's learning plans, three months of study records, last year's self-study (the ledger
the year-end grades of last year read) and last month's 述学."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.regions.demo import CITY, PILOTS
from skilled_township.skills.models import Skill, SkillCategory

from .models import LearningPlan, PlanRule, StudyRecord, StudyReport
from .services import plans


def seed(state: dict) -> None:
    today = timezone.localdate()
    city = state["regions"][CITY[0]]
    rule, created = PlanRule.objects.get_or_create(region=city, year=today.year, defaults={"min_electives": 2})
    if created:
        # Seed 004: 必修 + 选修 across the three categories; the demo asks for one elective in developing the economy.
        economy = SkillCategory.objects.order_by("order", "code").first()
        if economy is not None:
            plans.set_category_minimums(rule, {economy: 1})

    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    townships = [state["regions"][code] for code, *_rest in PILOTS]
    cadres = Cadre.objects.filter(township__in=townships).in_post().order_by("id")
    for cadre in cadres:
        rng = random.Random(f"learning-{cadre.id_number}")
        electives = rng.sample(skills, 3)[: rng.randint(0, 3)]
        proficiencies = [rng.choice([1, 2, 2, 3]) for _ in electives]
        if not cadre.plans.filter(year=today.year).exists():
            chosen = list(zip(electives, proficiencies, strict=True))
            _plan, problems = plans.save_plan(cadre, today.year, chosen)
            if not problems and rng.random() < 0.7:
                # Most plans that meet the rule are confirmed; the rest stay drafts, as do those that fall short.
                plans.save_plan(cadre, today.year, None, status=LearningPlan.Status.CONFIRMED)
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
        last_year = datetime.date(today.year - 1, 1, 1)
        for _ in range(rng.randint(6, 12)):
            StudyRecord.objects.create(
                cadre=cadre,
                studied_on=last_year + datetime.timedelta(days=rng.randint(0, 364)),
                hours=Decimal(rng.choice(["2", "2.5", "3", "4"])),
                skill=rng.choice(skills),
                mode=StudyRecord.Mode.SELF_STUDY,
            )

    # 一月一述学: last month's account from two cadres in three (the others show as not yet written), counted over
    # the whole roster, so that a cadre who leaves the post later in the demo does not shift who writes one.
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    roster = Cadre.objects.filter(township__in=townships).order_by("id")
    for index, cadre in enumerate(roster):
        if index % 3 == 2 or cadre.status != Cadre.Status.IN_POST:
            continue
        StudyReport.objects.get_or_create(
            cadre=cadre,
            month=last_month,
            defaults={
                "learned": "学习了柑桔春季修剪和病虫害绿色防控。",
                "applied": "到示范园跟技术员实践两次，帮三户村民修剪果树。",
                "problems": "病虫害识别还不熟，需要再到基地学习。" if index % 2 else "",
            },
        )
