"""The 述学 list as a workbook."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes


def study_reports_bytes(reports) -> bytes:
    """``reports`` (with ``cadre__township`` and ``reviewed_by`` selected), one row a report, in their order."""
    header = [
        _("乡镇"),
        _("干部"),
        _("月份"),
        _("学了什么"),
        _("用在哪里"),
        _("存在问题"),
        _("讲评"),
        _("讲评人"),
        _("讲评时间"),
    ]

    def cells(report):
        reviewed_at = timezone.localtime(report.reviewed_at).strftime("%Y-%m-%d %H:%M") if report.reviewed_at else ""
        return [
            report.cadre.township.name,
            report.cadre.name,
            f"{report.month:%Y-%m}",
            report.learned,
            report.applied,
            report.problems,
            report.review,
            str(report.reviewed_by or ""),
            reviewed_at,
        ]

    return workbook_bytes(_("述学"), header, map(cells, reports.iterator()))
