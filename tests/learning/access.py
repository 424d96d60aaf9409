"""Access-matrix rows for learning plans, the study ledger, summaries and targets (see tests/access.py).

Cadres read and log their own study records (the test record belongs to the ``cadre`` persona; ``other_cadre``
gets a 404) and read their own plan; the township-wide pages are not theirs (403)."""

from .. import objects
from ..access import ADMIN_OBJECT, ADMIN_PAGE, CADRES, KEEPERS, STAFF, Access, api_statuses, endpoint, list_export, only
from ..access import READERS as READERS_API
from .reports import study_report

READERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
READERS_OF_OBJECT = only(
    org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200
)
KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)
# The study ledger, scoped: a cadre's own records.
LEDGER_READERS = {**READERS, "cadre": 200, "other_cadre": 200}
LEDGER_FORM = {**KEEPERS_PAGE, "cadre": 200, "other_cadre": 200}
LEDGER_RECORD = {**KEEPERS_OBJECT, "cadre": 200, "other_cadre": 404}

# 一月一述学: written by the cadre or the township, 讲评 by the leadership over the cadre.
REPORT_RECORD = {**KEEPERS_OBJECT, "cadre": 200, "other_cadre": 404}
REVIEWERS_OF_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, leader=200)


ROWS: dict[str, Access] = {
    "learning:plan_overview": Access(READERS),
    "learning:plan_edit": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"cadre_pk": objects.cadre(w).pk, "year": 2026}),
    "learning:mine": Access(only(cadre=200, other_cadre=200)),
    "learning:study_list": Access(LEDGER_READERS),
    "learning:study_create": Access(LEDGER_FORM),
    # One session for several cadres: those who keep a township's ledger (a cadre logs only their own study).
    "learning:study_session": Access(KEEPERS_PAGE),
    "api:study-record-session": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}}, post=api_statuses(KEEPERS, 400)
    ),
    "learning:study_update": Access(LEDGER_RECORD, kwargs=lambda w, p: {"pk": objects.study_record(w).pk}),
    # Removed by those who keep the ledger (not by the cadre who owns it): GET asks to confirm, POST deletes.
    "learning:study_delete": Access(
        KEEPERS_OBJECT,
        kwargs=lambda w, p: {"pk": objects.study_record(w).pk},
        post={"org_admin": 302, "secretary": 302},
    ),
    "learning:report_list": Access(LEDGER_READERS),
    "learning:report_create": Access(LEDGER_FORM),
    "learning:report_update": Access(REPORT_RECORD, kwargs=lambda w, p: {"pk": study_report(w).pk}),
    "learning:report_review": Access(REVIEWERS_OF_OBJECT, kwargs=lambda w, p: {"pk": study_report(w).pk}),
    "learning:report_export": list_export(LEDGER_READERS),
    "learning:monthly": Access(READERS),
    "learning:monthly_cadre": Access(READERS_OF_OBJECT, kwargs=lambda w, p: {"pk": objects.cadre(w).pk}),
    "learning:rule_list": Access(ADMIN_PAGE),
    "learning:rule_create": Access(ADMIN_PAGE),
    "learning:rule_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": objects.plan_rule(w).pk}),
    "learning:demand_gap": Access(READERS),
    **endpoint("learning-plan", READERS_API | CADRES, KEEPERS, obj=objects.learning_plan),
    **endpoint("study-record", READERS_API | CADRES, KEEPERS | CADRES, obj=objects.study_record),
    **endpoint("study-report", READERS_API | CADRES, KEEPERS | CADRES, obj=study_report),
}
