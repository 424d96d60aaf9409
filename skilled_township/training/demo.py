"""Demo bases on the pilot townships (seed 000's industries), two years of funds, training plans and monthly
sessions with attendance (which writes the attendees' study records)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.learning.models import StudyRecord
from skilled_township.regions.demo import PILOTS
from skilled_township.skills.models import Skill

from . import services
from .models import Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession, active_tech_deputies

TOPICS = ["春季修剪与嫁接", "病虫害绿色防控", "科学施肥", "养殖防疫", "产品分级与销售", "合作社经营", "农机使用与保养"]
EXPERTS = ["市农科所 唐研究员", "县农技站 杨农艺师", "职业技术学院 舒老师"]


def seed(state: dict) -> None:
    today = timezone.localdate()
    years = (today.year - 1, today.year)
    skills = list(Skill.objects.filter(is_active=True).order_by("code")[:12])
    if not skills:
        return
    created = 0
    for code, _batch, _start, industry, _slug in PILOTS:
        township = state["regions"][code]
        rng = random.Random(f"training-{code}")
        village = township.children.filter(level="village").order_by("code").first()
        headmaster = active_tech_deputies(township, today).first()
        base, was_created = TrainingBase.objects.get_or_create(
            township=township,
            name=f"{township.name}{industry}培训示范基地",
            defaults={
                "industry": industry,
                "area_mu": Decimal(rng.choice(["30", "50", "80", "120"])),
                "stage": TrainingBase.Stage.PLANNED,
                "village": village,
                "location": "村部旁",
                "headmaster": headmaster,
                "team": "农艺师 刘红\n畜牧兽医 蒋涛",
                "description": f"以{industry}为主，镇干部学技能、服务三农的平台。",
            },
        )
        if was_created:
            base.stage_changed_on = datetime.date(years[0], 3, 1)
            base.stage = TrainingBase.Stage.BUILDING
            base.save()
            base.stage_changed_on = datetime.date(years[0], 9, 1)
            base.stage = TrainingBase.Stage.OPERATING
            base.save()
        for year in years:
            for purpose, amount in (("construction", "200000"), ("training", "30000")):
                allocation, new = FundAllocation.objects.get_or_create(
                    base=base,
                    year=year,
                    purpose=purpose,
                    defaults={"amount": Decimal(amount), "allocated_on": datetime.date(year, 2, 15)},
                )
                if new:
                    for month in (3, 7):
                        paid_on = datetime.date(year, month, 10)
                        if paid_on <= today:
                            services.save_disbursement(
                                Disbursement(
                                    allocation=allocation,
                                    amount=Decimal(amount) * Decimal("0.3"),
                                    paid_on=paid_on,
                                    payee=f"{township.name}人民政府",
                                )
                            )
            plan, _new = TrainingPlan.objects.get_or_create(
                township=township,
                year=year,
                defaults={
                    "content": f"{industry}实用技术、病虫害防治、市场营销",
                    "target_trainees": "全体镇干部，班子成员带头",
                    "goals": "每名干部掌握至少一门涉农实用技能，能指导结对农户",
                    "planned_sessions": 10,
                },
            )
            if plan.sessions.exists():
                continue
            cadres = list(Cadre.objects.filter(township=township).in_post().order_by("id"))
            for month in range(2, 13):
                day = datetime.date(year, month, 12)
                if day > today + datetime.timedelta(days=40):
                    break
                session = TrainingSession.objects.create(
                    plan=plan,
                    date=day,
                    start_time=datetime.time(9, 0),
                    end_time=datetime.time(11, 30),
                    hours=Decimal("2.5"),
                    mode=rng.choice(StudyRecord.Mode.values),
                    topic=rng.choice(TOPICS),
                    skill=rng.choice(skills),
                    instructor_kind=TrainingSession.Instructor.EXPERT,
                    instructor_name=rng.choice(EXPERTS),
                    base=base if month % 2 else None,
                    cost=Decimal(rng.choice(["0", "800", "1500"])),
                )
                created += 1
                if day <= today and cadres:
                    attended = [c for c in cadres if rng.random() < 0.8]
                    services.save_attendance(session, attended)
    state["report"].append(f"Training: {TrainingSession.objects.count()} sessions ({created} new).")
