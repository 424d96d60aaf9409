"""Pairing a household with a cadre (结对帮扶), ending a pairing, and handing a cadre's pairings over to
another cadre of the township when they leave the post or move to another township.

``Household.paired_cadre`` mirrors the household's active pairing: every write here sets it in the same
transaction, so a household shows the cadre of its active pairing, or nobody. It is a copy of what the
audited pairing rows already record, so it is written without an audit entry of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre

from ..models import Household, Pairing

#: The end reason of a pairing that was handed over to another cadre.
HANDOVER_REASON = "交接"


class PairingRefused(Exception):
    """A pairing, ending or handover that the rules do not allow; ``message`` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def needs_handover_q() -> Q:
    """Active pairings whose cadre no longer serves the household: left the post, or moved to another township."""
    return Q(ended_on__isnull=True) & (
        Q(cadre__status=Cadre.Status.LEFT) | ~Q(cadre__township=F("household__village__parent"))
    )


def awaiting_handover(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    return pairings.filter(needs_handover_q())


def cadres_to_pair(household: Household) -> QuerySet[Cadre]:
    """The cadres a household may be paired with: in post, in the household's township."""
    return Cadre.objects.in_post().filter(township_id=household.village.parent_id)


def _check_date(day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise PairingRefused(_("%(label)s不能晚于今天。") % {"label": label})


def _sync_household(household_id: int, cadre_id: int | None) -> None:
    Household.objects.filter(pk=household_id).update(paired_cadre_id=cadre_id)


def pair(
    household: Household, cadre: Cadre, *, started_on: datetime.date, goals: str = "", previous: Pairing | None = None
) -> Pairing:
    """Start a pairing. Refused (``PairingRefused``) when the cadre is not in post in the household's township or
    the household already has an active pairing, also when two requests race: the database's constraint
    ``pairing_one_active_per_household`` lets one through and the other is refused with the same message."""
    if cadre.status != Cadre.Status.IN_POST:
        raise PairingRefused(_("%(cadre)s已离岗，不能结对。") % {"cadre": cadre.name})
    if cadre.township_id != household.village.parent_id:
        raise PairingRefused(_("只能与本乡镇的在岗干部结对：%(cadre)s不在该农户所在乡镇。") % {"cadre": cadre.name})
    _check_date(started_on, _("结对日期"))
    pairing = Pairing(cadre=cadre, household=household, started_on=started_on, goals=goals, previous=previous)
    try:
        pairing.full_clean(validate_constraints=False)
    except ValidationError as invalid:
        raise PairingRefused("；".join(invalid.messages)) from None
    try:
        with transaction.atomic():
            pairing.save()
            _sync_household(household.pk, cadre.pk)
    except IntegrityError as error:
        if "pairing_one_active_per_household" in str(error):
            raise PairingRefused(already_paired_message(household)) from None
        raise
    return pairing


def already_paired_message(household: Household) -> str:
    return _("%(household)s已有进行中的结对，一户同时只能与一名干部结对：请先结束原结对或办理交接。") % {
        "household": household.head_name
    }


def end(pairing: Pairing, *, ended_on: datetime.date, reason: str) -> Pairing:
    """End an active pairing on ``ended_on`` (not before it started, not in the future) for ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        raise PairingRefused(_("请填写结束原因。"))
    _check_date(ended_on, _("结束日期"))
    with transaction.atomic():
        pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if pairing.ended_on is not None:
            raise PairingRefused(_("该结对已于%(day)s结束。") % {"day": pairing.ended_on.isoformat()})
        if ended_on < pairing.started_on:
            raise PairingRefused(_("结束日期不能早于结对日期（%(day)s）。") % {"day": pairing.started_on.isoformat()})
        pairing.ended_on, pairing.end_reason = ended_on, reason[:200]
        pairing.save(update_fields=["ended_on", "end_reason", "updated_at"])
        _sync_household(pairing.household_id, None)
    return pairing


def handover(pairings: Iterable[Pairing], *, to: Cadre, on: datetime.date) -> list[Pairing]:
    """Move active pairings to cadre ``to`` in one step: each ends on ``on`` with the reason 交接 and a new one
    starts the same day, naming it as ``previous`` and keeping its goals. All or none: one pairing that cannot
    move (already ended, another township, started after ``on``) refuses the whole handover."""
    chosen = sorted({pairing.pk for pairing in pairings})
    if not chosen:
        raise PairingRefused(_("请至少选择一个要交接的结对。"))
    if to.status != Cadre.Status.IN_POST:
        raise PairingRefused(_("接手的干部%(cadre)s已离岗。") % {"cadre": to.name})
    _check_date(on, _("交接日期"))
    moved = []
    with transaction.atomic():
        locked = Pairing.objects.select_for_update(of=("self",)).select_related("household__village", "cadre")
        for old in locked.filter(pk__in=chosen).order_by("pk"):
            if old.ended_on is not None:
                raise PairingRefused(
                    _("%(household)s的结对已结束，不能再交接。") % {"household": old.household.head_name}
                )
            if old.cadre_id == to.pk:
                raise PairingRefused(
                    _("%(household)s已与%(cadre)s结对。") % {"household": old.household.head_name, "cadre": to.name}
                )
            if on < old.started_on:
                raise PairingRefused(
                    _("交接日期不能早于%(household)s的结对日期（%(day)s）。")
                    % {"household": old.household.head_name, "day": old.started_on.isoformat()}
                )
            old.ended_on, old.end_reason = on, HANDOVER_REASON
            old.save(update_fields=["ended_on", "end_reason", "updated_at"])
            moved.append(pair(old.household, to, started_on=on, goals=old.goals, previous=old))
        if len(moved) != len(chosen):
            raise PairingRefused(_("所选结对中有的不存在或不在您的管辖范围内。"))
    return moved


def history(household: Household) -> QuerySet[Pairing]:
    """Every pairing the household has had, oldest first: the chain of handovers and any later pairing."""
    return household.pairings.select_related("cadre", "previous__cadre").order_by("started_on", "id")
