"""Access-matrix rows of the pairings, handover and early-warning pages and endpoints (see tests/access.py).

Reading is for the programme's readers (in scope: another township's secretary gets a 404 on 高村镇's
pairing); pairing, ending and handing over for the organisation department and the township secretary.
Cadres see none of these: their own households are on 我的帮扶户 (each one's page only while they are paired with
it: another cadre's is a 404), their visits on the visit pages."""

from .. import objects
from ..access import KEEPERS, STAFF, Access, api_statuses, endpoint, list_export, only
from ..access import READERS as READERS_API
from .builders import pairing

READERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
READERS_OF_OBJECT = only(
    org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200
)
KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)
# An action endpoint that takes only POST: GET is 405 for the signed in, 403 for the anonymous.
POST_ONLY = {"anonymous": 403, **{role: 405 for role in STAFF}}

ROWS: dict[str, Access] = {
    "pairing:pairing_list": Access(READERS),
    "pairing:pairing_export": list_export(READERS),
    "pairing:mine": Access(only(cadre=200, other_cadre=200)),
    # The household of the ``cadre`` persona's pairing: not the other township's cadre's.
    "pairing:my_household": Access(
        only(cadre=200, other_cadre=404), kwargs=lambda w, p: {"pk": pairing(w).household_id}
    ),
    "pairing:pair": Access(KEEPERS_PAGE),
    "pairing:pairing_detail": Access(READERS_OF_OBJECT, kwargs=lambda w, p: {"pk": pairing(w).pk}),
    "pairing:pairing_end": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": pairing(w).pk}),
    "pairing:handover_list": Access(KEEPERS_PAGE),
    "pairing:handover_cadre": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": objects.cadre(w).pk}),
    "pairing:at_risk": Access(READERS),
    "pairing:target_summary": Access(READERS),
    **endpoint("pairing", READERS_API, None, obj=pairing),
    "api:pairing-pair": Access(POST_ONLY, post=api_statuses(KEEPERS, 400)),
    "api:pairing-handover": Access(POST_ONLY, post=api_statuses(KEEPERS, 400)),
    "api:pairing-end": Access(
        POST_ONLY, kwargs=lambda w, p: {"pk": pairing(w).pk}, post=api_statuses(KEEPERS, 400, outside=404)
    ),
    **endpoint("pairing-target", READERS_API, None, obj=pairing),
}
