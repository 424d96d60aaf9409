"""The service ledger (服务台账, "服务有记录"): services logged directly by the township, those that closed
requests, and the workbook of a filtered list."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes

from ..models import ServiceRecord
from .requests import certificate_for


@transaction.atomic
def log_service(record: ServiceRecord) -> ServiceRecord:
    """Save a service logged (or corrected) directly: it cites the cadre's best valid certificate in the skill on
    that day."""
    record.certificate = certificate_for(record.cadre, record.skill, record.served_on)
    record.full_clean()
    record.save()
    return record


def workbook(records) -> bytes:
    header = [
        _("服务日期"),
        _("乡镇"),
        _("村"),
        _("干部"),
        _("技能"),
        _("所持证书"),
        _("服务对象"),
        _("服务内容"),
        _("服务结果"),
        _("来源"),
    ]

    def cells(record: ServiceRecord):
        return [
            record.served_on.isoformat(),
            record.cadre.township.name,
            record.village.name if record.village_id else "",
            record.cadre.name,
            record.skill.name,
            record.certificate.number if record.certificate_id else "",
            record.recipient,
            record.content,
            record.outcome,
            _("服务请求 %(code)s") % {"code": record.request.code} if record.request_id else _("台账登记"),
        ]

    return workbook_bytes(_("服务台账"), header, map(cells, records))
