"""Create and edit pages and API of bases, allocations, disbursements, plans and sessions (see tests/generic.py)."""

import datetime
from decimal import Decimal

from skilled_township.training.models import (
    Disbursement,
    FundAllocation,
    TrainingBase,
    TrainingPlan,
    TrainingSession,
)

from .. import objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases
from . import builders


def base_of(township, name="外镇基地"):
    return TrainingBase.objects.get_or_create(township=township, name=name, defaults={"area_mu": Decimal("10")})[0]


class TestTrainingBase(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = TrainingBase
    create_url_name, update_url_name = "training:base_create", "training:base_update"
    api_basename = "training-base"
    scope_field = "village"

    def form_data(self, world):
        return {
            "name": "锦和柑桔基地",
            "industry": "柑桔",
            "area_mu": "80.00",
            "stage": "building",
            "village": world.village.pk,
            "location": "锦和村三组",
            "team": "农艺师 刘红",
            "description": "",
        }

    def make(self, world):
        return builders.base(world)

    def changes(self, world, obj):
        return {"area_mu": "65.50", "location": "锦和村五组"}

    def api_payload(self, world):
        return {**self.form_data(world), "township": world.township.pk, "name": "锦和二号基地"}

    def api_changes(self, world, obj):
        return {"team": "农艺师 刘红\n植保员 张敏"}

    def outside(self, world, elsewhere):
        return elsewhere.village.pk


class TestFundAllocation(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = FundAllocation
    editor = "org_admin"
    create_url_name, update_url_name = "training:allocation_create", "training:allocation_update"
    api_basename = "fund-allocation"
    scope_field = "base"

    def form_data(self, world):
        return {
            "base": builders.base(world).pk,
            "year": 2026,
            "purpose": "training",
            "funding_unit": "市委组织部",
            "amount": "30000.00",
            "allocated_on": "2026-02-20",
            "note": "",
        }

    def make(self, world):
        return builders.allocation(world)

    def changes(self, world, obj):
        return {"amount": "120000.00", "note": "追加"}

    def api_payload(self, world):
        return {**self.form_data(world), "purpose": "living"}

    def api_changes(self, world, obj):
        return {"funding_unit": "市财政局"}

    def outside(self, world, elsewhere):
        return base_of(elsewhere.township).pk


class TestDisbursement(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = Disbursement
    editor = "org_admin"
    create_url_name, update_url_name = "training:disbursement_create", "training:disbursement_update"
    api_basename = "disbursement"
    scope_field = "allocation"

    def form_data(self, world):
        return {
            "allocation": builders.allocation(world).pk,
            "amount": "15000.00",
            "paid_on": "2026-04-01",
            "payee": "高村镇政府",
            "note": "",
        }

    def make(self, world):
        return builders.disbursement(world)

    def changes(self, world, obj):
        return {"payee": "锦和村委会", "note": "基地围栏"}

    def api_payload(self, world):
        return {**self.form_data(world), "amount": "5000.00"}

    def api_changes(self, world, obj):
        return {"note": "大棚材料"}

    def outside(self, world, elsewhere):
        other = FundAllocation.objects.create(
            base=base_of(elsewhere.township),
            year=2026,
            purpose="construction",
            amount=Decimal("50000"),
            allocated_on=datetime.date(2026, 2, 1),
        )
        return other.pk


class TestTrainingPlan(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = TrainingPlan
    create_url_name, update_url_name = "training:plan_create", "training:plan_update"
    api_basename = "training-plan"
    scope_field = "township"

    def form_data(self, world):
        return {
            "township": world.township.pk,
            "year": 2027,
            "content": "柑桔栽培、病虫害防治",
            "target_trainees": "全体镇干部",
            "goals": "每人掌握一门技能",
            "planned_sessions": 8,
        }

    def make(self, world):
        return builders.plan(world)

    def changes(self, world, obj):
        return {"planned_sessions": 12, "goals": "每人指导两户"}

    def api_payload(self, world):
        return {**self.form_data(world), "year": 2028}

    def api_changes(self, world, obj):
        return {"content": "柑桔栽培、电商销售"}

    def outside(self, world, elsewhere):
        return elsewhere.township.pk


class TestTrainingSession(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = TrainingSession
    create_url_name, update_url_name = "training:session_create", "training:session_update"
    api_basename = "training-session"
    scope_field = "plan"

    def form_data(self, world):
        return {
            "plan": builders.plan(world).pk,
            "date": "2026-05-06",
            "start_time": "14:00",
            "end_time": "16:30",
            "hours": "2.5",
            "mode": "expert_lecture",
            "topic": "柑桔病虫害绿色防控",
            "skill": objects.skill(world).pk,
            "instructor_kind": "expert",
            "instructor_name": "唐研究员",
            "cost": "1200.00",
            # A select of several: a browser sends nothing when none is chosen.
            "other_skills": [],
        }

    def make(self, world):
        return builders.session(world)

    def changes(self, world, obj):
        return {"topic": "柑桔夏季修剪", "cost": "900.00"}

    def api_payload(self, world):
        return {**self.form_data(world), "date": "2026-06-10", "other_skills": [objects.second_skill(world).pk]}

    def api_changes(self, world, obj):
        return {"instructor_name": "杨农艺师"}

    def outside(self, world, elsewhere):
        return TrainingPlan.objects.create(
            township=elsewhere.township,
            year=2026,
            content="外镇",
            target_trainees="外镇干部",
            goals="外镇",
            planned_sessions=2,
        ).pk
