"""Access-matrix rows for learning plans, the study ledger, summaries and targets (see tests/access.py)."""

from .. import objects
from ..access import ADMIN_OBJECT, ADMIN_PAGE, KEEPERS, Access, endpoint, only
from ..access import READERS as READERS_API

READERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
READERS_OF_OBJECT = only(
    org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200
)
KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)

ROWS: dict[str, Access] = {
    "learning:plan_overview": Access(READERS),
    "learning:plan_edit": Access(
        KEEPERS_OBJECT, kwargs=lambda w, p: {"cadre_pk": objects.cadre(w).pk, "year": 2026}, writes=True
    ),
    "learning:study_list": Access(READERS),
    "learning:study_create": Access(KEEPERS_PAGE, writes=True),
    "learning:study_update": Access(
        KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": objects.study_record(w).pk}, writes=True
    ),
    "learning:monthly": Access(READERS),
    "learning:monthly_cadre": Access(READERS_OF_OBJECT, kwargs=lambda w, p: {"pk": objects.cadre(w).pk}),
    "learning:rule_list": Access(ADMIN_PAGE),
    "learning:rule_create": Access(ADMIN_PAGE, writes=True),
    "learning:rule_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": objects.plan_rule(w).pk}, writes=True),
    "learning:demand_gap": Access(READERS),
    **endpoint("learning-plan", READERS_API, KEEPERS, obj=objects.learning_plan),
    **endpoint("study-record", READERS_API, KEEPERS, obj=objects.study_record),
}
