"""What the plan overview, the study ledger, the summaries, the gap ranking and the rules show
(see tests/content.py)."""

from django.urls import reverse

from .. import objects
from ..content import Shows
from .reports import study_report

LISTS = {
    "learning:plan_overview": Shows(objects.learning_plan, marks=lambda plan: plan.cadre.get_absolute_url()),
    "learning:study_list": Shows(
        objects.study_record, marks=lambda record: reverse("learning:study_update", args=[record.pk])
    ),
    "learning:monthly": Shows(objects.study_record, marks=lambda record: record.cadre.name),
    "learning:report_list": Shows(
        study_report, marks=lambda report: reverse("learning:report_update", args=[report.pk])
    ),
    "learning:report_export": Shows(study_report, marks=lambda report: report.learned),
    "learning:demand_gap": Shows(objects.demand, marks=lambda demand: demand.skill.name),
    "learning:rule_list": Shows(objects.plan_rule, marks=lambda rule: reverse("learning:rule_update", args=[rule.pk])),
    "api:learning-plan-list": Shows(objects.learning_plan),
    "api:study-record-list": Shows(objects.study_record),
    "api:study-report-list": Shows(study_report),
}
