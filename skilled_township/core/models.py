from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DomainModel(models.Model):
    """Base of every row people change: timestamps, and every change lands in the audit trail, placed in the
    region tree by the queryset's ``region_code_lookup`` (``core.scoping.region_code_of``), the path
    ``visible_to`` filters on."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    #: Fields left out of the audit trail's field-level changes.
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True


class GeneratedFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GeneratedFileQuerySet":
        """A generated file belongs to the person who asked for it."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


class GeneratedFile(models.Model):
    """An export or report produced by a background job, kept as a file for the person who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=64)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="generated_files"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    #: What the job found, for its page (an import's counts and first errors, say); set by the generator.
    result = models.JSONField(_("结果"), default=dict, blank=True)
    file = models.FileField(_("文件"), upload_to="generated/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    #: When the job was handed to the job service; empty while the service was unavailable: the job waits and
    #: is handed over as soon as the service answers again (``services.send_waiting``).
    sent_at = models.DateTimeField(_("交付时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = GeneratedFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("生成文件")
        verbose_name_plural = _("生成文件")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="generated_owner_time")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("files:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
