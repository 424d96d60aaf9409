"""Access-matrix rows for villagers' demand and the demand-gap page (see tests/access.py)."""

from ..access import Access, only
from . import objects

READERS = dict(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)

ROWS: dict[str, Access] = {
    "skills:demand_list": Access(only(**READERS)),
    "skills:demand_create": Access(
        only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200), writes=True
    ),
    "skills:demand_update": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404),
        kwargs=lambda w, p: {"pk": objects.demand(w).pk},
        writes=True,
    ),
    "demand:gap": Access(only(**READERS)),
}
