"""Excel export of the audit trail, produced in the background (evidence for MLPS inspections)."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from skilled_township.core import generators
from skilled_township.core.excel import workbook_bytes
from skilled_township.core.services import request_file
from skilled_township.core.views import RolePermissionMixin

from .audit import readable_changes, type_label
from .filters import AuditEntryFilter
from .models import AuditEntry

FILTER_KEYS = ("username", "action", "content_type", "object_id", "since", "until")


class AuditExportView(RolePermissionMixin, View):
    """POST with the audit list's current filters; the file is produced by a worker."""

    permission = "audit.view"

    def post(self, request):
        params = {key: request.POST[key] for key in FILTER_KEYS if request.POST.get(key)}
        job = request_file("audit_log_xlsx", params, by=request.user)
        return HttpResponseRedirect(job.get_absolute_url())


@generators.register("audit_log_xlsx")
def audit_log_xlsx(job, report_progress) -> tuple[str, bytes]:
    visible = AuditEntry.objects.visible_to(job.requested_by).select_related("content_type")
    entries = AuditEntryFilter(job.params, queryset=visible, user=job.requested_by).qs.order_by("timestamp", "id")
    total = entries.count() or 1
    header = [_("时间"), _("用户名"), _("IP 地址"), _("来源"), _("操作"), _("对象类型"), _("对象"), _("字段变化")]

    def rows():
        for index, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
            if index % 2000 == 0:
                report_progress(index * 100 // total)
            changes = "; ".join(
                f"{label}: {'' if before is None else before} → {'' if after is None else after}"
                for label, before, after in readable_changes(entry)
            )
            yield [
                timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
                entry.username,
                entry.ip or "",
                entry.source,
                entry.get_action_display(),
                type_label(entry.content_type),
                entry.object_repr,
                changes,
            ]

    content = workbook_bytes(_("审计日志"), header, rows())
    return f"audit-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx", content
