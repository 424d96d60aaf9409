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
_ORG = frozenset({Role.ORG_ADMIN})
_ORG_AND_SECRETARY = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY})
_PROGRAMME_READERS = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY, Role.REVIEWER, Role.LEADER})

PERMISSIONS: dict[str, frozenset[str]] = {
    "regions.view": ALL_ROLES,
    "regions.manage": _ORG,
    "accounts.manage": _ORG,
    "audit.view": _ORG,
    # Skills catalogue: everyone reads it; the organisation department maintains it.
    "skills.view": ALL_ROLES,
    "skills.manage": _ORG,
    # A township's required skills for the year (必修), set by its secretary or the organisation department.
    "skills.required.manage": _ORG_AND_SECRETARY,
    # Villagers' demand (群众需求) and the demand-gap ranking.
    "demand.view": _PROGRAMME_READERS,
    "demand.manage": _ORG_AND_SECRETARY,
    # Cadre roster and secondments; HR appraisers read it to appraise and certify.
    "cadres.view": ALL_ROLES,
    "cadres.manage": _ORG_AND_SECRETARY,
    # Full resident ID numbers are shown only to those who keep the roster.
    "cadres.view_id_number": _ORG_AND_SECRETARY,
    # Education structure of the roster against the targets, and the targets themselves.
    "cadres.education": _PROGRAMME_READERS,
    "cadres.targets": _ORG,
    # Learning plans, study ledger, monthly summaries.
    "learning.view": _PROGRAMME_READERS,
    "learning.manage": _ORG_AND_SECRETARY,
    # Yearly plan rule.
    "learning.rules": _ORG,
    # API schema and its documentation page.
    "api.docs": ALL_ROLES,
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
