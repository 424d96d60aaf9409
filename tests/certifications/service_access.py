"""Access-matrix rows of the public directory, the public listing, service requests and the service ledger.

The public pages open to everyone, signed in or not. Requests and the ledger are read in scope by every staff
role and by the cadre whose rows they are (``other_cadre`` gets a 404 on the test request); the township (the
organisation department and its secretary) keeps the listing, reassigns, cancels and logs services; only the cadre
a request is given to closes it."""

from ..access import CADRES, KEEPERS, OUTSIDE_GAOCUN, STAFF, Access, api_statuses, everyone, list_export, only
from .service_builders import service_record, service_request

IN_SCOPE = {"anonymous": 302, **{role: 404 if role in OUTSIDE_GAOCUN else 200 for role in STAFF}}
ALL_SIGNED_IN = {"anonymous": 302, **{role: 200 for role in STAFF}}
KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)
LISTING_OBJECT = {**KEEPERS_OBJECT, "cadre": 200, "other_cadre": 404}
# Everyone who reads requests and the ledger in scope (cadres: their own).
SERVICE_READERS = frozenset(STAFF)


def _request(w, p):
    return {"pk": service_request(w).pk}


def _cadre(w, p):
    from .. import objects

    return {"cadre_pk": objects.cadre(w).pk}


ROWS: dict[str, Access] = {
    # The public's pages: no sign-in.
    "public:townships": Access(everyone(200)),
    "public:directory": Access(everyone(200), kwargs=lambda w, p: {"code": w.township.code}),
    "public:request": Access(everyone(200), kwargs=lambda w, p: {"code": w.township.code}),
    "public:request_filed": Access(everyone(200)),
    "public:track": Access(everyone(200)),
    # The public listing: the township for its cadres, a cadre their own.
    "certifications:profile_list": Access(KEEPERS_PAGE),
    # (Every field of the listing may be empty: an empty POST saves a listing switched off.)
    "certifications:profile_edit": Access(
        LISTING_OBJECT, kwargs=_cadre, post={"org_admin": 302, "secretary": 302, "cadre": 302}
    ),
    "certifications:profile_mine": Access(only(cadre=200, other_cadre=200), post={"cadre": 302, "other_cadre": 302}),
    # Requests: read in scope; reassign and cancel by the township; closing by the cadre it is given to.
    "certifications:request_list": Access(ALL_SIGNED_IN),
    "certifications:request_detail": Access(IN_SCOPE, kwargs=_request),
    "certifications:request_reassign": Access(KEEPERS_OBJECT, kwargs=_request),
    "certifications:request_cancel": Access(KEEPERS_OBJECT, kwargs=_request),
    "certifications:request_close": Access(only(cadre=200, other_cadre=404), kwargs=_request),
    # The service ledger.
    "certifications:ledger_list": Access(ALL_SIGNED_IN),
    "certifications:ledger_create": Access(KEEPERS_PAGE),
    "certifications:ledger_export": list_export(ALL_SIGNED_IN),
    # The API.
    "api:service-request-list": Access(
        api_statuses(SERVICE_READERS, 200), post={"anonymous": 403, **{role: 405 for role in STAFF}}
    ),
    "api:service-request-detail": Access(
        api_statuses(SERVICE_READERS, 200, outside=404),
        kwargs=_request,
        post={"anonymous": 403, **{role: 405 for role in STAFF}},
    ),
    "api:service-request-reassign": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=_request,
        post=api_statuses(KEEPERS, 400, outside=404),
    ),
    "api:service-request-close": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=_request,
        post=api_statuses(CADRES, 400, outside=404),
    ),
    "api:service-record-list": Access(api_statuses(SERVICE_READERS, 200), post=api_statuses(KEEPERS, 400)),
    "api:service-record-detail": Access(
        api_statuses(SERVICE_READERS, 200, outside=404),
        kwargs=lambda w, p: {"pk": service_record(w).pk},
        post={"anonymous": 403, **{role: 405 for role in STAFF}},
    ),
}
