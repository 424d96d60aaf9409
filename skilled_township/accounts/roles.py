"""Roles and what each may do. The one table every view, menu and API permission reads."""

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

#: Permission code → roles that hold it. Scope (which rows) is a separate question: ``visible_to``.
_ORG = frozenset({Role.ORG_ADMIN})
_ORG_AND_SECRETARY = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY})
_PROGRAMME_READERS = frozenset({Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY, Role.REVIEWER, Role.LEADER})
_CADRE = frozenset({Role.CADRE})

PERMISSIONS: dict[str, frozenset[str]] = {
    "regions.view": STAFF_ROLES,
    "regions.manage": _ORG,
    "accounts.manage": _ORG,
    "audit.view": _ORG,
    # Skills catalogue: everyone reads it (a cadre too: the township publishes its required skills); the
    # organisation department maintains it.
    "skills.view": ALL_ROLES,
    "skills.manage": _ORG,
    # A township's required skills for the year (必修), set by its secretary or the organisation department.
    "skills.required.manage": _ORG_AND_SECRETARY,
    # Villagers' demand (群众需求) and the demand-gap ranking.
    "demand.view": _PROGRAMME_READERS,
    "demand.manage": _ORG_AND_SECRETARY,
    # Cadre roster and secondments; HR appraisers read it to appraise and certify.
    "cadres.view": STAFF_ROLES,
    "cadres.manage": _ORG_AND_SECRETARY,
    # Open sign-in accounts for a township's cadres (one step from the roster).
    "cadres.accounts": _ORG_AND_SECRETARY,
    # Full resident ID numbers are shown only to those who keep the roster.
    "cadres.view_id_number": _ORG_AND_SECRETARY,
    # Education structure of the roster against the targets, and the targets themselves.
    "cadres.education": _PROGRAMME_READERS,
    "cadres.targets": _ORG,
    # A township's learning: plan overview, monthly summaries (every cadre of the township at once).
    "learning.view": _PROGRAMME_READERS,
    # Learning plans, and removing mistyped study records.
    "learning.manage": _ORG_AND_SECRETARY,
    # Plans and study records row by row, through ``visible_to``: a cadre reads only their own.
    "learning.read": _PROGRAMME_READERS | _CADRE,
    # Log and correct study records, through ``visible_to``: a cadre logs only their own.
    "learning.log": _ORG_AND_SECRETARY | _CADRE,
    # A cadre's own page (我的学习): their plan, this month's study, their roster entry.
    "learning.own": _CADRE,
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
    # Always their roster entry's township (checked by ``User.clean``).
    Role.CADRE: frozenset({"township"}),
}

#: Roles that see only the rows they own (``ScopedQuerySet.owner_lookup``), not everything in their scope.
OWN_ROWS_ROLES = _CADRE

#: Where a role lands after signing in, when not the general home page.
HOME_PAGES: dict[str, str] = {Role.CADRE: "learning:mine"}


def role_has_perm(role: str, perm: str) -> bool:
    try:
        return role in PERMISSIONS[perm]
    except KeyError:
        raise KeyError(f"Unknown permission {perm!r}") from None
