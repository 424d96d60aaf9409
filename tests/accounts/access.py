"""Access-matrix rows for sign-in, accounts and the audit trail (see tests/access.py)."""

from ..access import ADMIN_OBJECT, ADMIN_PAGE, STAFF, Access, everyone, only, signed_in

ROWS: dict[str, Access] = {
    "accounts:login": Access(everyone(200, **{role: 302 for role in STAFF})),
    "accounts:logout": Access(everyone(405), post=everyone(302)),
    "accounts:password_change": Access(signed_in(200)),
    "accounts:password_change_done": Access(signed_in(200)),
    # Everyone's own API tokens; revoking them is a POST.
    "accounts:token_list": Access(signed_in(200)),
    "accounts:token_revoke": Access(signed_in(405), post=everyone(302)),
    "accounts:user_list": Access(ADMIN_PAGE),
    "accounts:user_create": Access(ADMIN_PAGE),
    "accounts:user_detail": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": p["secretary"].pk}),
    "accounts:user_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": p["secretary"].pk}),
    "accounts:user_active": Access(
        only(org_admin=405, other_org_admin=405),
        kwargs=lambda w, p: {"pk": p["secretary"].pk},
        post={"org_admin": 302, "other_org_admin": 404},
    ),
    "accounts:user_token_revoke": Access(
        only(org_admin=405, other_org_admin=405),
        kwargs=lambda w, p: {"pk": p["secretary"].pk},
        post={"org_admin": 302, "other_org_admin": 404},
    ),
    "accounts:audit_list": Access(ADMIN_PAGE),
    "accounts:audit_export": Access(
        only(org_admin=405, other_org_admin=405), post={"org_admin": 302, "other_org_admin": 302}
    ),
}
