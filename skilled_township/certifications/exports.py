"""The certification lists as Excel files (``core.exports``): the service ledger, the in-post cadres without a
valid certificate, and the talent pool, each with its list's filters."""

from __future__ import annotations

from skilled_township.cadres.models import Cadre
from skilled_township.core.exports import declare

from .filters.compliance import UncertifiedFilter
from .filters.ledger import OwnServiceRecordFilter, ServiceRecordFilter
from .filters.talent_pool import TalentPoolFilter
from .models import ServiceRecord
from .services import compliance, ledger, talent_pool

#: A cadre downloads only their own services (``visible_to``), under the filters of their own ledger.
SERVICE_RECORDS = declare(
    kind="service_ledger_xlsx",
    permission="certifications.services",
    rows=lambda user: ServiceRecord.objects.visible_to(user).select_related(
        "cadre__township", "skill", "village", "certificate", "request"
    ),
    filterset=ServiceRecordFilter,
    own_filterset=OwnServiceRecordFilter,
    order=("-served_on", "-id"),
    write=lambda rows, user: ledger.workbook(rows.iterator(chunk_size=1000)),
    filename="service-ledger.xlsx",
)

#: In the sheet's own order (``compliance.uncertified_bytes``); resident IDs masked.
UNCERTIFIED = declare(
    kind="uncertified_xlsx",
    permission="certifications.view",
    rows=lambda user: compliance.without_valid_certificate(Cadre.objects.visible_to(user)),
    filterset=UncertifiedFilter,
    write=lambda rows, user: compliance.uncertified_bytes(rows),
    filename="uncertified-{today:%Y%m%d}.xlsx",
)

#: In the pool's order (``talent_pool.pool``).
TALENT_POOL = declare(
    kind="talent_pool_xlsx",
    permission="certifications.view",
    rows=lambda user: talent_pool.best_certificates().visible_to(user),
    filterset=TalentPoolFilter,
    write=lambda rows, user: talent_pool.pool_bytes(rows),
    filename="talent-pool-{today:%Y%m%d}.xlsx",
)
