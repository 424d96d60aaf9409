"""Moving a cadre between townships: a request by the receiving township, decided above both."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.accounts.models import User
from skilled_township.core import resident_id
from skilled_township.regions.models import Region

from ..models import (
    Cadre,
    TransferRequest,
)


def transfer_requested_message() -> str:
    """The one answer to an ID number on a roster outside the requester's scope, on the page, in the API and
    the import: it says the person is registered in the city (the number is unique city-wide), never where."""
    return _("该干部已在本市登记，已提交调入申请，由上级组织部审核。")


def registered_elsewhere(id_number: str, by: User) -> Cadre | None:
    """The cadre with this resident ID when their roster is outside ``by``'s scope."""
    number = resident_id.normalise(id_number or "")
    cadre = Cadre.objects.filter(id_number=number).first() if number else None
    if cadre is None or Cadre.objects.visible_to(by).filter(pk=cadre.pk).exists():
        return None
    return cadre


def request_transfer(cadre: Cadre, *, to_township: Region, entered_name: str, by: User) -> TransferRequest:
    """Ask for ``cadre`` to move to ``to_township`` (in ``by``'s scope); asking again while one is pending
    changes nothing. Audited like every new row."""
    if not by.has_role_perm("cadres.manage") or not Region.objects.visible_to(by).filter(pk=to_township.pk).exists():
        raise PermissionDenied
    transfer, _created = TransferRequest.objects.get_or_create(
        cadre=cadre,
        to_township=to_township,
        status=TransferRequest.Status.PENDING,
        defaults={"entered_name": entered_name[:32], "requested_by": by},
    )
    return transfer


@transaction.atomic
def decide_transfer(transfer_id: int, *, approve: bool, by: User) -> TransferRequest:
    """Approve (the cadre moves to the requesting township, their account with them) or refuse a pending
    request; only someone whose scope holds both townships may (``TransferRequest.objects.decidable_by``)."""
    transfer = TransferRequest.objects.decidable_by(by).select_for_update(of=("self",)).get(pk=transfer_id)
    if transfer.status != TransferRequest.Status.PENDING:
        raise ValidationError(_("该申请已审核。"))
    if approve:
        cadre = Cadre.objects.select_for_update().get(pk=transfer.cadre_id)
        cadre.township = transfer.to_township
        cadre.save()  # audited; moves their account's scope (Cadre._move_account_with_cadre)
    transfer.status = TransferRequest.Status.APPROVED if approve else TransferRequest.Status.REFUSED
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.save()
    return transfer
