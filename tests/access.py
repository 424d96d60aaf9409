"""What each role gets on each page: the access matrix's expectations, one entry per URL name.

Every URL pattern of the project must appear here (the matrix discovers the patterns itself and fails on
one with no entry). Roles: ``anonymous``, ``org_admin``, ``hr_appraiser``, ``reviewer``, ``leader``,
``secretary`` (of 高村镇, where the test objects live), ``other_secretary`` (of another township),
``other_org_admin`` (an organisation-department admin of another county), ``cadre`` (a cadre of 高村镇 who owns
the test objects that belong to a cadre) and ``other_cadre`` (a cadre of another township).

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
    "cadre",
    "other_cadre",
)
#: Every signed-in role (cadres included).
STAFF = ROLES[1:]
#: Cadres' own accounts: they see their own rows and what their township publishes.
CADRES = frozenset({"cadre", "other_cadre"})


@dataclass(frozen=True)
class Access:
    #: Role → expected GET status.
    get: dict[str, int]
    #: URL kwargs built from the test world (see ``tests.conftest.World``) and the personas.
    kwargs: Callable[[Any, dict], dict] = field(default=lambda world, personas: {})
    #: Role → expected POST status where it differs from the default: a page that takes POST answers it as
    #: it answers GET; a page that only reads answers 405 to those who may open it.
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


def staff(status: int = 200, **overrides: int) -> dict[str, int]:
    """Anonymous → sign in; every role but the cadres gets ``status`` unless overridden; cadres are refused (403)
    unless named."""
    return signed_in(status, **{**{role: 403 for role in CADRES}, **overrides})


def list_export(get: dict[str, int]) -> Access:
    """A list's Excel export: GET as ``get`` (the file, or above ``EXPORT_INLINE_ROWS`` rows a page asking to
    confirm); a POST by a role that may export queues the file in the background and sends them to its page
    (302); the others are refused as for GET."""
    return Access(get, post={role: 302 for role, status in get.items() if status == 200})


# An object in 高村镇: every staff role may read it, but those whose scope does not reach it get a 404.
READ_IN_SCOPE = staff(200, other_secretary=404, other_org_admin=404)
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
    # A cadre lands on their own page (我的学习).
    "home": Access(signed_in(200, cadre=302, other_cadre=302), post={"cadre": 405, "other_cadre": 405}),
    "files:detail": Access(OWNER_ONLY, kwargs=_finished_file),
    "files:download": Access(OWNER_ONLY, kwargs=_finished_file),
    "set_language": Access(everyone(302), post=everyone(302)),
    # The health check: public, nothing personal, read only.
    "healthz": Access(everyone(200), post=everyone(405)),
}


# Who holds each permission (accounts/roles.py), by the matrix's role names.
EVERYONE = frozenset(STAFF)
#: Everyone but the cadres (``accounts.roles.STAFF_ROLES``).
PROGRAMME_STAFF = EVERYONE - CADRES
ORG = frozenset({"org_admin", "other_org_admin"})
KEEPERS = ORG | {"secretary", "other_secretary"}
READERS = KEEPERS | {"reviewer", "leader"}
# Signed-in users whose scope does not reach 高村镇 (or, for a cadre, the 高村镇 cadre's own rows).
OUTSIDE_GAOCUN = frozenset({"other_secretary", "other_org_admin", "other_cadre"})


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
            post=not_offered() if writers is None else api_statuses(writers, 400),
        ),
        f"api:{basename}-detail": Access(detail, kwargs=lambda w, p: {"pk": obj(w).pk}, post=not_offered()),
    }


def _discover() -> None:
    """Each app keeps its rows in ``tests/<app>/access.py`` (a ``ROWS`` dict); they join the matrix here."""
    import importlib
    import pkgutil
    from pathlib import Path

    for package in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not package.ispkg or not (Path(__file__).parent / package.name / "access.py").exists():
            continue
        rows = importlib.import_module(f"tests.{package.name}.access").ROWS
        clash = set(rows) & set(ACCESS)
        assert not clash, f"URL names listed twice in the access matrix: {clash}"
        ACCESS.update(rows)


_discover()
