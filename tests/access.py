"""What each role gets on each page: the access matrix's expectations, one entry per URL name.

Every URL pattern of the project must appear here (the matrix discovers the patterns itself and fails on
one with no entry). Roles: ``anonymous``, ``org_admin``, ``hr_appraiser``, ``reviewer``, ``leader``,
``secretary`` (of 高村镇, where the test objects live), ``other_secretary`` (of another township) and
``other_org_admin`` (an organisation-department admin of another county).

Statuses: 200 page shown; 302 redirect (anonymous → sign-in, or a redirect the page makes); 403 the role
may not use the page; 404 the object is outside the user's scope; 405 the method is not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "org_admin",
    "other_org_admin",
    "hr_appraiser",
    "reviewer",
    "leader",
    "secretary",
    "other_secretary",
)
STAFF = ROLES[1:]


@dataclass(frozen=True)
class Access:
    #: Role → expected GET status.
    get: dict[str, int]
    #: URL kwargs built from the test world (see ``tests.conftest.World``) and the personas.
    kwargs: Callable[[Any, dict], dict] = field(default=lambda world, personas: {})
    #: Whether the page accepts POST (then the matrix also POSTs as every role not granted the page).
    writes: bool = False
    #: Role → expected POST status where it differs from the GET one.
    post: dict[str, int] = field(default_factory=dict)
    #: Extra query string for the GET (for pages that need one).
    query: str = ""


def everyone(status: int = 200, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, status) for role in ROLES}


def signed_in(status: int = 200, **overrides: int) -> dict[str, int]:
    """Anonymous users are sent to sign in; every staff role gets ``status`` unless overridden."""
    return {"anonymous": 302, **{role: overrides.get(role, status) for role in STAFF}}


def only(**granted: int) -> dict[str, int]:
    """Anonymous → sign in; the named roles get their status; every other role is refused (403)."""
    return {"anonymous": 302, **{role: granted.get(role, 403) for role in STAFF}}


# An object in 高村镇: every staff role may read it, but those whose scope does not reach it get a 404.
READ_IN_SCOPE = signed_in(200, other_secretary=404, other_org_admin=404)
# Organisation-department pages: lists and forms for any admin; objects only for the admin whose scope has them.
ADMIN_PAGE = only(org_admin=200, other_org_admin=200)
ADMIN_OBJECT = only(org_admin=200, other_org_admin=404)


def _finished_file(world, personas):
    """A finished export that org_admin asked for: nobody else may see it."""
    from django.core.files.base import ContentFile

    from skilled_township.core.models import GeneratedFile

    job = GeneratedFile(kind="audit_log_xlsx", requested_by=personas["org_admin"], status="done", progress=100)
    job.file.save("audit.xlsx", ContentFile(b"PK-test"), save=True)
    return {"pk": job.pk}


OWNER_ONLY = signed_in(404, org_admin=200)

ACCESS: dict[str, Access] = {
    "home": Access(signed_in(200)),
    "files:detail": Access(OWNER_ONLY, kwargs=_finished_file),
    "files:download": Access(OWNER_ONLY, kwargs=_finished_file),
    "set_language": Access(everyone(302), writes=True, post=everyone(302)),
    # Accounts
    "accounts:login": Access(everyone(200, **{role: 302 for role in STAFF}), writes=True),
    "accounts:logout": Access(everyone(405), writes=True, post=everyone(302)),
    "accounts:password_change": Access(signed_in(200), writes=True),
    "accounts:password_change_done": Access(signed_in(200)),
    "accounts:user_list": Access(ADMIN_PAGE),
    "accounts:user_create": Access(ADMIN_PAGE, writes=True),
    "accounts:user_detail": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": p["secretary"].pk}),
    "accounts:user_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": p["secretary"].pk}, writes=True),
    "accounts:user_active": Access(
        only(org_admin=405, other_org_admin=405),
        kwargs=lambda w, p: {"pk": p["secretary"].pk},
        writes=True,
        post={"org_admin": 302, "other_org_admin": 404},
    ),
    "accounts:audit_list": Access(ADMIN_PAGE),
    "accounts:audit_export": Access(
        only(org_admin=405, other_org_admin=405), writes=True, post={"org_admin": 302, "other_org_admin": 302}
    ),
    # Regions
    "regions:region_tree": Access(signed_in(302)),
    "regions:region_detail": Access(READ_IN_SCOPE, kwargs=lambda w, p: {"code": w.township.code}),
    "regions:region_create": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"code": w.township.code}, writes=True),
    "regions:region_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"code": w.township.code}, writes=True),
    "regions:pilot_list": Access(signed_in(200)),
    "regions:pilot_create": Access(ADMIN_PAGE, writes=True),
    "regions:pilot_detail": Access(READ_IN_SCOPE, kwargs=lambda w, p: {"pk": w.pilot.pk}),
    "regions:pilot_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": w.pilot.pk}, writes=True),
    "regions:income_list": Access(signed_in(200)),
    "regions:income_create": Access(ADMIN_PAGE, writes=True),
    "regions:income_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": w.income.pk}, writes=True),
}


# Each app keeps its own rows next to its tests; they join the matrix here.
from .access_rows import api as _api_rows  # noqa: E402
from .access_rows import cadres as _cadres_rows  # noqa: E402
from .access_rows import demand as _demand_rows  # noqa: E402
from .access_rows import learning as _learning_rows  # noqa: E402
from .access_rows import skills as _skills_rows  # noqa: E402

for _rows in (_skills_rows.ROWS, _cadres_rows.ROWS, _learning_rows.ROWS, _demand_rows.ROWS, _api_rows.ROWS):
    _clash = set(_rows) & set(ACCESS)
    assert not _clash, f"URL names listed twice in the access matrix: {_clash}"
    ACCESS.update(_rows)
