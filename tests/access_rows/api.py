"""Access-matrix rows for the REST API (see tests/access.py).

DRF answers an anonymous request with 403 (session authentication comes first, so no 401 challenge).
Reads need the role's view permission, writes its manage permission (403 otherwise); rows outside the
user's scope are 404. POST to a list with no data is a 400 for those who may write; POST to a detail
URL is a 405 for them.
"""

from ..access import ROLES, Access
from . import objects

STAFF = [role for role in ROLES if role != "anonymous"]
EVERYONE = set(STAFF)
ORG = {"org_admin", "other_org_admin"}
KEEPERS = ORG | {"secretary", "other_secretary"}
READERS = KEEPERS | {"reviewer", "leader"}
OUTSIDE_GAOCUN = {"other_secretary", "other_org_admin"}


def _statuses(allowed: set[str], granted: int, *, outside: int | None = None) -> dict[str, int]:
    out = {"anonymous": 403}
    for role in STAFF:
        status = granted if role in allowed else 403
        if outside is not None and role in OUTSIDE_GAOCUN and role in allowed:
            status = outside
        out[role] = status
    return out


def endpoint(basename: str, readers: set[str], writers: set[str], obj=None, scoped: bool = True, writable=True):
    """The list and detail rows of one router endpoint."""
    list_post = _statuses(writers, 400) if writable else _statuses(set(), 400)
    rows = {
        f"api:{basename}-list": Access(_statuses(readers, 200), writes=True, post=list_post),
    }
    detail_get = _statuses(readers, 200, outside=404 if scoped else None)
    detail_post = _statuses(writers, 405) if writable else _statuses(set(), 405)
    rows[f"api:{basename}-detail"] = Access(
        detail_get, kwargs=lambda w, p: {"pk": obj(w).pk}, writes=True, post=detail_post
    )
    return rows


ROWS: dict[str, Access] = {
    "api:token": Access({role: 405 for role in ROLES}, writes=True, post={role: 400 for role in ROLES}),
    "api:schema": Access(_statuses(EVERYONE, 200)),
    "api:docs": Access({"anonymous": 302, **{role: 200 for role in STAFF}}),
    **endpoint("region", EVERYONE, set(), obj=lambda w: w.township, writable=False),
    **endpoint("skill-category", EVERYONE, ORG, obj=lambda w: objects.skill(w).category, scoped=False),
    **endpoint("skill", EVERYONE, ORG, obj=objects.skill, scoped=False),
    **endpoint("cadre", EVERYONE, KEEPERS, obj=objects.cadre),
    **endpoint("secondment", EVERYONE, KEEPERS, obj=objects.secondment),
    **endpoint("learning-plan", READERS, KEEPERS, obj=objects.learning_plan),
    **endpoint("study-record", READERS, KEEPERS, obj=objects.study_record),
    **endpoint("demand", READERS, KEEPERS, obj=objects.demand),
}
