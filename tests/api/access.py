"""Access-matrix rows for the API's own pages: token sign-in, schema and documentation (see tests/access.py).

An anonymous request gets 403: session authentication comes first, and it sends no challenge, so DRF does
not answer 401. Each app's endpoints have their rows in that app's ``access.py``, built by ``endpoint``.
"""

from ..access import EVERYONE, ROLES, STAFF, Access, api_statuses

ROWS: dict[str, Access] = {
    "api:token": Access({role: 405 for role in ROLES}, post={role: 400 for role in ROLES}),
    "api:schema": Access(api_statuses(EVERYONE, 200)),
    "api:docs": Access({"anonymous": 302, **{role: 200 for role in STAFF}}),
}
