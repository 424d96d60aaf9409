"""Create and edit pages and API of plan rules, the study ledger and learning plans (see tests/generic.py)."""

from skilled_township.accounts.models import AuditEntry
from skilled_township.learning.models import LearningPlan, PlanItem, PlanRule, StudyRecord, StudyReport

from .. import objects
from ..generic import ApiScopeCases, CreateOutOfScopeCases, MoveOutOfScopeCases
from .reports import study_report


class TestPlanRule(CreateOutOfScopeCases, MoveOutOfScopeCases):
    model = PlanRule
    editor = "org_admin"
    create_url_name, update_url_name = "learning:rule_create", "learning:rule_update"
    scope_field = "region"

    def form_data(self, world):
        return {"region": world.county.pk, "year": 2027, "min_electives": 2}

    def make(self, world):
        return objects.plan_rule(world)

    def changes(self, world, obj):
        return {"min_electives": 3}

    def outside(self, world, elsewhere):
        return elsewhere.county.pk


class TestStudyRecord(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = StudyRecord
    create_url_name, update_url_name = "learning:study_create", "learning:study_update"
    api_basename = "study-record"
    scope_field = "cadre"

    def form_data(self, world):
        return {
            "cadre": objects.cadre(world).pk,
            "studied_on": "2026-03-10",
            "hours": "3.5",
            "skill": objects.skill(world).pk,
            "mode": "base_practice",
            "notes": "柑桔嫁接",
        }

    def make(self, world):
        return objects.study_record(world)

    def changes(self, world, obj):
        return {"hours": "4.0", "mode": "self_study"}

    def api_payload(self, world):
        return {**self.form_data(world), "studied_on": "2026-03-11"}

    def api_changes(self, world, obj):
        return {"notes": "春季修剪"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk


class TestStudyReport(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    model = StudyReport
    create_url_name, update_url_name = "learning:report_create", "learning:report_update"
    api_basename = "study-report"
    scope_field = "cadre"

    def form_data(self, world):
        return {
            "cadre": objects.cadre(world).pk,
            "month": "2026-04-01",
            "learned": "生猪养殖防疫",
            "applied": "到养殖户家里讲解",
            "problems": "",
        }

    def make(self, world):
        return study_report(world)

    def changes(self, world, obj):
        return {"problems": "疫苗保存条件不清楚"}

    def api_payload(self, world):
        return {**self.form_data(world), "month": "2026-05-01"}

    def api_changes(self, world, obj):
        return {"applied": "在村民小组会上讲解"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk


class TestStudyReportReview(MoveOutOfScopeCases):
    """The 讲评 page writes the comment and who and when; the report stays with its cadre."""

    model = StudyReport
    update_url_name = "learning:report_review"
    scope_field = "cadre"

    def make(self, world):
        return study_report(world)

    def changes(self, world, obj):
        return {"review": "写得实在，下月写清带动了几户"}

    def assert_edited(self, obj, data, user, entries):
        obj.refresh_from_db()
        assert (obj.review, obj.reviewed_by) == (data["review"], user)
        assert [(e.action, e.user, e.source) for e in entries] == [("update", user, "web")]
        assert set(entries[0].changes) == {"review", "reviewed_by", "reviewed_at"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk


class TestLearningPlan(CreateOutOfScopeCases, MoveOutOfScopeCases, ApiScopeCases):
    """The plan page makes a cadre's plan for a year and replaces its electives; the plan stays with its cadre."""

    model = LearningPlan
    create_url_name = update_url_name = "learning:plan_edit"
    api_basename = "learning-plan"
    scope_field = "cadre"

    def create_kwargs(self, world):
        return {"cadre_pk": objects.cadre(world).pk, "year": 2026}

    def form_data(self, world):
        return {"form-0-skill": objects.skill(world).pk, "form-0-target_proficiency": 3}

    def assert_created(self, row, data, user):
        assert (row.cadre.name, row.year) == ("龙建国", 2026)
        assert electives(row) == [("柑桔栽培与管理", 3)]
        entries = AuditEntry.objects.for_object(row)
        assert [(e.action, e.user, e.source) for e in entries] == [("create", user, "web")]

    def make(self, world):
        plan = objects.learning_plan(world)
        PlanItem.objects.create(plan=plan, skill=objects.skill(world), target_proficiency=2)
        return plan

    def update_kwargs(self, obj):
        return {"cadre_pk": obj.cadre_id, "year": obj.year}

    def changes(self, world, obj):
        return {"form-0-skill": objects.second_skill(world).pk}

    def assert_edited(self, obj, data, user, entries):
        # What the page edits are the plan's items: the old elective goes, the new one comes, both audited.
        assert electives(obj) == [("生猪养殖", 2)]
        assert [(e.action, e.content_type.model, e.object_repr, e.user, e.source) for e in entries] == [
            ("delete", "planitem", "龙建国 2026: 柑桔栽培与管理", user, "web"),
            ("create", "planitem", "龙建国 2026: 生猪养殖", user, "web"),
        ]

    def api_payload(self, world):
        return {
            "cadre": objects.cadre(world).pk,
            "year": 2026,
            "electives": [{"skill": objects.skill(world).pk, "target_proficiency": 3}],
        }

    def api_changes(self, world, obj):
        return {"note": "重点学习嫁接"}

    def outside(self, world, elsewhere):
        return elsewhere.cadre.pk

    def outside_create_kwargs(self, world, elsewhere):
        return {"cadre_pk": elsewhere.cadre.pk, "year": 2026}


def electives(plan) -> list[tuple[str, int]]:
    items = plan.items.filter(kind=PlanItem.Kind.ELECTIVE).select_related("skill").order_by("skill__code")
    return [(item.skill.name, item.target_proficiency) for item in items]
