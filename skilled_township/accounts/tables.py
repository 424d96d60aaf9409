import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .audit import type_label
from .models import AuditEntry, User


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    scope = tables.Column(verbose_name=_("管辖范围"), order_by="scope__code")
    is_active = tables.BooleanColumn(verbose_name=_("启用"))

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "scope", "mobile", "is_active", "last_login"]
        empty_text = _("没有符合条件的账号。")


class AuditEntryTable(tables.Table):
    timestamp = tables.DateTimeColumn(format="Y-m-d H:i:s")
    content_type = tables.Column(orderable=False)
    changes = tables.TemplateColumn(template_name="accounts/_changes.html", orderable=False)

    class Meta:
        model = AuditEntry
        fields = ["timestamp", "username", "ip", "action", "content_type", "object_repr", "changes"]
        empty_text = _("没有审计记录。")

    def render_content_type(self, value):
        return type_label(value)
