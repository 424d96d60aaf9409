"""Access-matrix rows for the skills catalogue, required skills and villagers' demand (see tests/access.py)."""

from .. import objects
from ..access import ADMIN_PAGE, EVERYONE, KEEPERS, ORG, READERS, Access, endpoint, only, signed_in

ORG_AND_SECRETARIES = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
POST_ONLY_IN_SCOPE = only(org_admin=405, other_org_admin=405, secretary=405, other_secretary=405)

DEMAND_READERS = dict(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)

ROWS: dict[str, Access] = {
    "skills:skill_list": Access(signed_in(200)),
    "skills:skill_detail": Access(signed_in(200), kwargs=lambda w, p: {"pk": objects.skill(w).pk}),
    "skills:skill_create": Access(ADMIN_PAGE),
    "skills:skill_update": Access(ADMIN_PAGE, kwargs=lambda w, p: {"pk": objects.skill(w).pk}),
    "skills:skill_retire": Access(
        only(org_admin=405, other_org_admin=405),
        kwargs=lambda w, p: {"pk": objects.skill(w).pk},
        post={"org_admin": 302, "other_org_admin": 302},
    ),
    "skills:required_list": Access(signed_in(200)),
    "skills:required_create": Access(ORG_AND_SECRETARIES),
    "skills:required_remove": Access(
        POST_ONLY_IN_SCOPE,
        kwargs=lambda w, p: {"pk": objects.required_skill(w).pk},
        post={"org_admin": 302, "secretary": 302, "other_org_admin": 404, "other_secretary": 404},
    ),
    "skills:demand_list": Access(only(**DEMAND_READERS)),
    "skills:demand_create": Access(only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)),
    "skills:demand_update": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404),
        kwargs=lambda w, p: {"pk": objects.demand(w).pk},
    ),
    # GET asks to confirm; POST deletes and returns to the list.
    "skills:demand_delete": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404),
        kwargs=lambda w, p: {"pk": objects.demand(w).pk},
        post={"org_admin": 302, "secretary": 302},
    ),
    **endpoint("skill-category", EVERYONE, ORG, obj=lambda w: objects.skill(w).category, scoped=False),
    **endpoint("skill", EVERYONE, ORG, obj=objects.skill, scoped=False),
    **endpoint("demand", READERS, KEEPERS, obj=objects.demand),
}
