from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from skilled_township.core.models import DomainModel
from skilled_township.core.validators import text_limit, year_validators

from . import codes
from .querysets import PilotTownshipQuerySet, RegionQuerySet, VillageIncomeQuerySet


class Region(DomainModel):
    """A node of the region tree: city → county → township → village."""

    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")
        TOWNSHIP = "township", _("乡镇")
        VILLAGE = "village", _("村")

    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        validators=[codes.validate_division_code],
        help_text=_("12位统计用区划代码，下级代码以上级代码的前缀开头。"),
    )
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Units are never deleted: records made while a unit existed keep pointing at it.
    abolished_year = models.PositiveSmallIntegerField(
        _("撤销年份"),
        null=True,
        blank=True,
        help_text=_("从该年份的统计用区划代码起不再有此单位；旧记录照常显示，新记录不再可选。"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """Significant digits: every node under this one has a code starting with them."""
        return codes.prefix_of(self.code)

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.prefix)

    def name_with_parent(self) -> str:
        """How a region is shown wherever names may repeat: a township after its county, a village after its
        township (load ``parent`` with the rows: ``select_related("parent")``)."""
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name

    def not_offered_message(self) -> str:
        """Why a new record may not pick this unit (``RegionQuerySet.for_new_records``)."""
        return _("%(name)s已于%(year)s年撤销，新记录不能再选择。") % {"name": self.name, "year": self.abolished_year}

    def clean(self) -> None:
        super().clean()
        if not self.code:
            return
        try:
            codes.validate_division_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        level = codes.level_of(self.code)
        if self.parent is None and level != self.Level.CITY:
            raise ValidationError({"parent": _("只有市级区划可以没有上级。")})
        if self.parent is not None:
            try:
                codes.validate_child_code(self.code, self.parent.code)
            except ValidationError as error:
                raise ValidationError({"code": error.messages}) from None

    def save(self, *args, **kwargs):
        self.level = codes.level_of(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.code])

    def ancestors(self) -> list["Region"]:
        """From the city down to this node's parent, in one query."""
        above = codes.ancestor_codes(self.code)[1:]
        return list(Region.objects.filter(code__in=above).order_by("code"))


class PilotTownship(DomainModel):
    """Programme facts of a pilot township (试点乡镇)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        ACTIVE = "active", _("建设中")
        ACCEPTED = "accepted", _("已验收")
        SUSPENDED = "suspended", _("已暂停")

    township = models.OneToOneField(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="pilot",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    batch = models.PositiveSmallIntegerField(
        _("试点批次"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("第几批试点，如 1 表示第一批。"),
    )
    start_year = models.PositiveSmallIntegerField(_("启动年份"), validators=year_validators())
    lead_industry = models.CharField(_("主导产业（一镇一品）"), max_length=64)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = PilotTownshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("试点乡镇")
        verbose_name_plural = _("试点乡镇")
        ordering = ["township__code"]
        indexes = [models.Index(fields=["batch", "start_year"], name="pilot_batch_year")]

    def __str__(self) -> str:
        return str(self.township)

    @property
    def batch_label(self) -> str:
        numeral = chinese_numeral(self.batch) if get_language().startswith("zh") else self.batch
        return _("第%(n)s批") % {"n": numeral}

    def clean(self) -> None:
        super().clean()
        if self.township_id and self.township.level != Region.Level.TOWNSHIP:
            raise ValidationError({"township": _("试点单位必须是乡镇一级。")})

    def get_absolute_url(self) -> str:
        return reverse("regions:pilot_detail", args=[self.pk])


class VillageIncome(DomainModel):
    """A village's average per-capita net income in a year: the line its assisted households aim for."""

    village = models.ForeignKey(
        Region,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="incomes",
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    per_capita_net_income = models.DecimalField(
        _("人均纯收入（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000000"))],
    )
    source = models.CharField(_("数据来源"), max_length=128, blank=True)

    objects = VillageIncomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("村人均纯收入")
        verbose_name_plural = _("村人均纯收入")
        ordering = ["village__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_income_once_a_year")]

    def __str__(self) -> str:
        return f"{self.village} {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.village_id and self.village.level != Region.Level.VILLAGE:
            raise ValidationError({"village": _("收入线只能登记在村一级。")})


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for batch numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")
