"""Access-matrix rows for the REST API (see tests/access.py).

An anonymous request gets 403: session authentication comes first, and it sends no challenge, so DRF does
not answer 401. Reads need the role's view permission and writes its manage permission (403 otherwise);
rows outside the user's scope are 404. The matrix POSTs no data: a list that accepts writes answers 400 to
those who may write; a method the URL does not offer (POST to a detail URL, any write to regions) is a 405
for every signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable

from ..access import ROLES, STAFF, Access
from . import objects

# Who holds each permission (accounts/roles.py), by the matrix's role names.
EVERYONE = frozenset(STAFF)
ORG = frozenset({"org_admin", "other_org_admin"})
KEEPERS = ORG | {"secretary", "other_secretary"}
READERS = KEEPERS | {"reviewer", "leader"}
# Signed-in users whose scope does not reach 高村镇, where the rows' objects live.
OUTSIDE_GAOCUN = frozenset({"other_secretary", "other_org_admin"})


def api_statuses(granted: frozenset[str], status: int, *, outside: int | None = None) -> dict[str, int]:
    """Anonymous 403; ``status`` for the roles granted, 403 for the others; ``outside`` for granted roles whose
    scope does not reach the object."""
    statuses = {"anonymous": 403}
    for role in STAFF:
        statuses[role] = status if role in granted else 403
        if outside is not None and role in granted and role in OUTSIDE_GAOCUN:
            statuses[role] = outside
    return statuses


def not_offered() -> dict[str, int]:
    return {"anonymous": 403, **{role: 405 for role in STAFF}}


def endpoint(
    basename: str, readers: frozenset[str], writers: frozenset[str] | None, obj: Callable, scoped: bool = True
) -> dict[str, Access]:
    """The list and detail rows of one router endpoint (``writers=None``: read only)."""
    detail = api_statuses(readers, 200, outside=404 if scoped else None)
    return {
        f"api:{basename}-list": Access(
            api_statuses(readers, 200),
            writes=True,
            post=not_offered() if writers is None else api_statuses(writers, 400),
        ),
        f"api:{basename}-detail": Access(
            detail, kwargs=lambda w, p: {"pk": obj(w).pk}, writes=True, post=not_offered()
        ),
    }


ROWS: dict[str, Access] = {
    "api:token": Access({role: 405 for role in ROLES}, writes=True, post={role: 400 for role in ROLES}),
    "api:schema": Access(api_statuses(EVERYONE, 200)),
    "api:docs": Access({"anonymous": 302, **{role: 200 for role in STAFF}}),
    **endpoint("region", EVERYONE, None, obj=lambda w: w.township),
    **endpoint("skill-category", EVERYONE, ORG, obj=lambda w: objects.skill(w).category, scoped=False),
    **endpoint("skill", EVERYONE, ORG, obj=objects.skill, scoped=False),
    **endpoint("demand", READERS, KEEPERS, obj=objects.demand),
    **endpoint("cadre", EVERYONE, KEEPERS, obj=objects.cadre),
    **endpoint("secondment", EVERYONE, KEEPERS, obj=objects.secondment),
    **endpoint("learning-plan", READERS, KEEPERS, obj=objects.learning_plan),
    **endpoint("study-record", READERS, KEEPERS, obj=objects.study_record),
}
