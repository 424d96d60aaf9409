"""Roles and what each may do: the one permission table every view, menu and API permission reads."""

import functools

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("组织部管理员")
    HR_APPRAISER = "hr_appraiser", _("人社鉴定员")
    TOWNSHIP_SECRETARY = "township_secretary", _("乡镇填报员")
    REVIEWER = "reviewer", _("考核组成员")
    LEADER = "leader", _("领导")
    # One account per roster entry; sees the rows they own (``owner_lookup``) and what their township publishes.
    CADRE = "cadre", _("干部")


ALL_ROLES = frozenset(Role.values)
#: Everyone who works on the programme rather than on their own records.
STAFF_ROLES = ALL_ROLES - {Role.CADRE}

#: Who holds a permission, in the groups the apps use (each app declares its own codes, see below).
ORG = frozenset({Role.ORG_ADMIN})
ORG_AND_SECRETARY = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY})
PROGRAMME_READERS = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY, Role.REVIEWER, Role.LEADER})
CADRE_ONLY = frozenset({Role.CADRE})

#: Permission codes of the apps below and of accounts itself. Every other app declares its codes in its
#: ``AppConfig.permissions``; :func:`permissions` joins them into the one table that every view, menu and API
#: permission reads (``manage.py roles`` prints it). Scope (which rows) is a separate question: ``visible_to``.
BASE_PERMISSIONS: dict[str, frozenset[str]] = {
    "regions.view": STAFF_ROLES,
    "regions.manage": ORG,
    "accounts.manage": ORG,
    "audit.view": ORG,
}


@functools.cache
def permissions() -> dict[str, frozenset[str]]:
    """Permission code → roles that hold it: the base codes and every installed app's declared ones."""
    table = dict(BASE_PERMISSIONS)
    for config in apps.get_app_configs():
        for code, roles in getattr(config, "permissions", {}).items():
            if code in table:
                raise ImproperlyConfigured(f"Permission {code!r} is declared twice ({config.name}).")
            unknown = set(roles) - ALL_ROLES
            if unknown:
                raise ImproperlyConfigured(f"Permission {code!r} of {config.name} names unknown roles {unknown}.")
            table[code] = frozenset(roles)
    return table


#: The level a user's scope node must have for each role (None: any level).
SCOPE_LEVELS: dict[str, frozenset[str] | None] = {
    Role.ORG_ADMIN: frozenset({"city", "county"}),
    Role.HR_APPRAISER: frozenset({"city"}),
    Role.TOWNSHIP_SECRETARY: frozenset({"township"}),
    Role.REVIEWER: frozenset({"city", "county"}),
    Role.LEADER: frozenset({"city", "county"}),
    # Always their roster entry's township (checked by ``User.clean``).
    Role.CADRE: frozenset({"township"}),
}

#: Roles that see only the rows they own (``ScopedQuerySet.owner_lookup``), not everything in their scope.
OWN_ROWS_ROLES = CADRE_ONLY

#: Where a role lands after signing in, when not the general home page.
HOME_PAGES: dict[str, str] = {Role.CADRE: "learning:mine"}


def role_has_perm(role: str, perm: str) -> bool:
    try:
        return role in permissions()[perm]
    except KeyError:
        raise KeyError(f"Unknown permission {perm!r}") from None
