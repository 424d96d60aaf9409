from django.db import models
from django.utils.translation import gettext_lazy as _


class DomainModel(models.Model):
    """Base of every row people change: timestamps, and every change lands in the audit trail."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    #: Fields left out of the audit trail's field-level changes.
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True

    def audit_region_code(self) -> str | None:
        """The division code this row lies under, so the audit trail can be scoped like the row."""
        return None
