"""Roles and what each may do. The one table every view, menu and API permission reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("组织部管理员")
    HR_APPRAISER = "hr_appraiser", _("人社鉴定员")
    TOWNSHIP_SECRETARY = "township_secretary", _("乡镇填报员")
    REVIEWER = "reviewer", _("考核组成员")
    LEADER = "leader", _("领导")


ALL_ROLES = frozenset(Role.values)

#: Permission code → roles that hold it. Scope (which rows) is a separate question: ``visible_to``.
PERMISSIONS: dict[str, frozenset[str]] = {
    "regions.view": ALL_ROLES,
    "regions.manage": frozenset({Role.ORG_ADMIN}),
    "accounts.manage": frozenset({Role.ORG_ADMIN}),
    "audit.view": frozenset({Role.ORG_ADMIN}),
}

#: The level a user's scope node must have for each role (None: any level).
SCOPE_LEVELS: dict[str, frozenset[str] | None] = {
    Role.ORG_ADMIN: frozenset({"city", "county"}),
    Role.HR_APPRAISER: frozenset({"city"}),
    Role.TOWNSHIP_SECRETARY: frozenset({"township"}),
    Role.REVIEWER: frozenset({"city", "county"}),
    Role.LEADER: frozenset({"city", "county"}),
}


def role_has_perm(role: str, perm: str) -> bool:
    try:
        return role in PERMISSIONS[perm]
    except KeyError:
        raise KeyError(f"Unknown permission {perm!r}") from None
