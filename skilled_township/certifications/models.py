"""Skill certificates (技能证书) issued by the HR/labour department after an appraisal (技能鉴定)."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.models import DomainModel
from skilled_township.core.validators import not_in_future
from skilled_township.skills.models import Skill

from .querysets import CertificateQuerySet


class CertificateLevel(models.IntegerChoices):
    """National vocational qualification levels, lowest (5) to highest (1)."""

    LEVEL_5 = 5, _("五级/初级工")
    LEVEL_4 = 4, _("四级/中级工")
    LEVEL_3 = 3, _("三级/高级工")
    LEVEL_2 = 2, _("二级/技师")
    LEVEL_1 = 1, _("一级/高级技师")


def new_verification_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(DomainModel):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="certificates")
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="certificates")
    level = models.PositiveSmallIntegerField(_("证书等级"), choices=CertificateLevel.choices)
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    issued_on = models.DateField(_("发证日期"), default=timezone.localdate, validators=[not_in_future])
    verification_code = models.CharField(
        _("查验码"), max_length=16, unique=True, default=new_verification_code, editable=False
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.VALID, db_index=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("技能证书")
        verbose_name_plural = _("技能证书")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.cadre} {self.skill}"
