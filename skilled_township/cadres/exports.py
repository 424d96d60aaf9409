"""The roster lists as Excel files (``core.exports``): the cadres and the secondments, each with its list's
filters."""

from __future__ import annotations

from django.utils import timezone

from skilled_township.core.exports import declare

from .filters import CadreFilter, SecondmentFilter
from .models import Cadre, Secondment
from .services import export

#: As the import reads it; full resident IDs only for those allowed to see them.
CADRES = declare(
    kind="cadre_xlsx",
    permission="cadres.view",
    rows=lambda user: Cadre.objects.visible_to(user).select_related("township__parent"),
    filterset=CadreFilter,
    write=lambda rows, user: export.roster_bytes(rows, full_ids=user.has_role_perm("cadres.view_id_number")),
    filename="cadres-{today:%Y%m%d}.xlsx",
)

#: In the list's order (the terms still running first, the one ending soonest on top), where each stands today.
SECONDMENTS = declare(
    kind="secondment_xlsx",
    permission="cadres.view",
    rows=lambda user: (
        Secondment.objects.visible_to(user)
        .select_related("cadre__township__parent", "village")
        .by_urgency(timezone.localdate())
    ),
    filterset=SecondmentFilter,
    write=lambda rows, user: export.secondments_bytes(rows, today=timezone.localdate()),
    filename="secondments-{today:%Y%m%d}.xlsx",
)
