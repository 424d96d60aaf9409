"""The 述学 list as an Excel file (``core.exports``), with the list's filters: with ``?cadre=<id>&year=<year>``
a cadre's year, one row a month. A cadre downloads only their own (``visible_to``)."""

from __future__ import annotations

from skilled_township.core.exports import declare

from .filters import OwnStudyReportFilter, StudyReportFilter
from .models import StudyReport
from .services import export

STUDY_REPORTS = declare(
    kind="study_report_xlsx",
    permission="learning.read",
    rows=lambda user: StudyReport.objects.visible_to(user).select_related("cadre__township", "reviewed_by"),
    filterset=StudyReportFilter,
    own_filterset=OwnStudyReportFilter,
    order=("cadre__township__code", "cadre__name", "cadre_id", "month"),
    write=lambda rows, user: export.study_reports_bytes(rows),
    filename="shuxue.xlsx",
)
