"""The 民情日志: a cadre logs a visit to a household they are paired with; an unconfirmed visit is edited in place
(audited), a confirmed one only through a recorded amendment (who, when, why, old → new)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Pairing, Visit, VisitAmendment

#: What a correction of a confirmed visit may change (the photo, the GPS point and the confirmation stay).
AMENDABLE_FIELDS = ("visited_on", "kind", "content", "problems", "help_given", "follow_up_due")
#: What an unconfirmed visit's edit may change.
EDITABLE_FIELDS = (*AMENDABLE_FIELDS, "latitude", "longitude")


def pairings_for_logging(user) -> QuerySet[Pairing]:
    """The pairings ``user`` may log a visit under: a cadre's own active pairings; for a secretary or an
    organisation-department admin, the active pairings in their scope."""
    if not user.has_role_perm("pairing.visit"):
        return Pairing.objects.none()
    return (
        Pairing.objects.visible_to(user)
        .active()
        .select_related("cadre", "household__village")
        .order_by("household__village__code", "household__head_name", "id")
    )


def check_visit(visit: Visit) -> None:
    """The rules of one visit beyond its fields' own: within its pairing, follow-up after the visit, a whole
    GPS point. Raises a ``ValidationError`` naming the fields."""
    errors: dict[str, Any] = {}
    pairing = visit.pairing if visit.pairing_id else None
    if pairing is not None and visit.visited_on:
        if visit.visited_on < pairing.started_on:
            started = pairing.started_on.isoformat()
            errors["visited_on"] = _("走访日期不能早于结对日期（%(date)s）。") % {"date": started}
        elif pairing.ended_on and visit.visited_on > pairing.ended_on:
            ended = pairing.ended_on.isoformat()
            errors["visited_on"] = _("走访日期不能晚于结对结束日期（%(date)s）。") % {"date": ended}
    if visit.follow_up_due and visit.visited_on and visit.follow_up_due < visit.visited_on:
        errors["follow_up_due"] = _("跟进期限不能早于走访日期。")
    if (visit.latitude is None) != (visit.longitude is None):
        errors["latitude"] = _("纬度和经度要么都填，要么都不填。")
    if errors:
        raise ValidationError(errors)


def check_pairing_for(user, pairing: Pairing) -> None:
    if not pairings_for_logging(user).filter(pk=pairing.pk).exists():
        raise ValidationError({"pairing": _("只能为本人（或本乡镇干部）正在结对的农户登记走访。")})


@transaction.atomic
def record_visit(visit: Visit, *, by, photo=None) -> Visit:
    """Save a new visit under its pairing: the cadre and household come from the pairing, unconfirmed."""
    check_pairing_for(by, visit.pairing)
    visit.cadre_id = visit.pairing.cadre_id
    visit.household_id = visit.pairing.household_id
    visit.recorded_by = by
    visit.confirmation, visit.confirmed_at = Visit.Confirmation.NONE, None
    check_visit(visit)
    if photo is not None:
        _store_photo(visit, photo)
    visit.full_clean()
    visit.save()
    return visit


def _store_photo(visit: Visit, photo) -> None:
    # The same checks as the training bases' photos: type by content, size, pixels before decoding.
    from skilled_township.training.services import reencode_photo

    content, _width, _height = reencode_photo(photo)
    visit.photo.save(content.name, content, save=False)  # through the storage API


@transaction.atomic
def update_visit(visit: Visit, *, by, photo=None) -> Visit:
    """Save an edit of an unconfirmed visit (audited as any change). A confirmed one is amended instead."""
    stored = Visit.objects.select_for_update().get(pk=visit.pk)
    if stored.is_confirmed:
        raise ValidationError(_("已确认的民情日志不能直接修改，请提交更正并说明原因。"), code="confirmed")
    visit.confirmation, visit.confirmed_at = stored.confirmation, stored.confirmed_at
    visit.pairing_id, visit.cadre_id, visit.household_id = stored.pairing_id, stored.cadre_id, stored.household_id
    visit.recorded_by_id = stored.recorded_by_id
    check_visit(visit)
    if photo is not None:
        _store_photo(visit, photo)
    visit.full_clean()
    visit.save()
    return visit


def _shown(value) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def amendment_changes(visit: Visit, changes: dict[str, Any]) -> dict[str, list]:
    """``{field: [old, new]}`` of the fields ``changes`` really changes; nothing changed is refused."""
    recorded = {
        name: [_shown(getattr(visit, name)), _shown(new)]
        for name, new in changes.items()
        if _shown(getattr(visit, name)) != _shown(new)
    }
    if not recorded:
        raise ValidationError(_("没有修改任何内容，无需更正。"), code="unchanged")
    return recorded


@transaction.atomic
def amend_visit(visit: Visit, changes: dict[str, Any], reason: str, *, by) -> VisitAmendment:
    """Correct a confirmed visit: the fields that really change are applied and recorded, old → new, with the
    reason, in one transaction. Nothing changed, or no reason, is refused."""
    visit = Visit.objects.select_for_update().select_related("pairing").get(pk=visit.pk)
    if not visit.is_confirmed:
        raise ValidationError(_("未确认的民情日志直接修改即可，无需更正。"), code="unconfirmed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明更正原因。")})
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise ValidationError(_("这些内容不能更正：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    recorded = amendment_changes(visit, changes)
    for name in recorded:
        setattr(visit, name, changes[name])
    check_visit(visit)
    visit.full_clean()
    visit.save()
    amendment = VisitAmendment(visit=visit, amended_by=by, reason=reason, changes=recorded)
    amendment.full_clean()
    amendment.save()
    return amendment


def field_label(name: str) -> str:
    return str(Visit._meta.get_field(name).verbose_name)


def shown_value(name: str, value: Any) -> str:
    """A recorded old or new value as the visit page shows it (a kind by its label)."""
    if name == "kind":
        return str(Visit.Kind(value).label) if value in Visit.Kind.values else str(value)
    return str(value) if value not in ("", None) else "—"
