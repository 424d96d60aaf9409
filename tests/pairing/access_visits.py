"""Access-matrix rows of the 民情日志, its confirmation and the monthly norm.

Everyone who reads the programme reads visits in their scope; a cadre reads and logs only their own, never
another cadre's; the township and the organisation department log for their cadres and take confirmations;
only the organisation department sets the norm."""

from ..access import CADRES, KEEPERS, READERS, STAFF, Access, api_statuses, endpoint, list_export, only
from . import visit_builders as builders

#: Cadres' own diary plus the programme's readers.
VISIT_READERS = READERS | CADRES
VISIT_WRITERS = KEEPERS | CADRES
READ_LIST = only(
    org_admin=200,
    other_org_admin=200,
    secretary=200,
    other_secretary=200,
    reviewer=200,
    leader=200,
    cadre=200,
    other_cadre=200,
)
READ_OBJECT = only(
    org_admin=200,
    other_org_admin=404,
    secretary=200,
    other_secretary=404,
    reviewer=200,
    leader=200,
    cadre=200,
    other_cadre=404,
)
WRITE_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, cadre=200, other_cadre=200)
WRITE_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, cadre=200, other_cadre=404)
POST_ONLY = only(org_admin=405, other_org_admin=405, secretary=405, other_secretary=405, cadre=405, other_cadre=405)
POSTED_BACK = only(org_admin=302, other_org_admin=404, secretary=302, other_secretary=404, cadre=302, other_cadre=404)


def visit_pk(world, personas):
    return {"pk": builders.visit(world).pk}


ROWS: dict[str, Access] = {
    "pairing:visit_list": Access(READ_LIST),
    # A cadre downloads their own diary.
    "pairing:visit_export": list_export(READ_LIST),
    # An empty POST shows the form again with what is missing.
    "pairing:visit_create": Access(WRITE_PAGE),
    "pairing:visit_detail": Access(READ_OBJECT, kwargs=visit_pk),
    "pairing:visit_update": Access(WRITE_OBJECT, kwargs=visit_pk),
    # A confirmed visit's edit page is its amendment form, for the same people.
    "pairing:visit_send_code": Access(POST_ONLY, kwargs=visit_pk, post=POSTED_BACK),
    "pairing:visit_confirm_code": Access(POST_ONLY, kwargs=visit_pk, post=POSTED_BACK),
    "pairing:visit_signature": Access(WRITE_OBJECT, kwargs=visit_pk),
    "pairing:norm_report": Access(
        only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
    ),
    "pairing:norm_list": Access(only(org_admin=200, other_org_admin=200)),
    "pairing:norm_create": Access(only(org_admin=200, other_org_admin=200)),
    "pairing:norm_update": Access(
        only(org_admin=200, other_org_admin=404), kwargs=lambda w, p: {"pk": builders.norm(w).pk}
    ),
    **endpoint("visit", VISIT_READERS, VISIT_WRITERS, obj=builders.visit),
    **endpoint("visit-amendment", VISIT_READERS, VISIT_WRITERS, obj=builders.amendment),
    # POST only. Sending a code answers 200; confirming without a code is a 400.
    "api:visit-send-code": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=visit_pk,
        post=api_statuses(VISIT_WRITERS, 200, outside=404),
    ),
    "api:visit-confirm": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=visit_pk,
        post=api_statuses(VISIT_WRITERS, 400, outside=404),
    ),
}
