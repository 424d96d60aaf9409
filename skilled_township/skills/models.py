"""The skills catalogue (技能目录), township required skills per year, and what villagers ask for (需求)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skilled_township.core.models import DomainModel
from skilled_township.core.validators import not_in_future, programme_date, text_limit, year_validators
from skilled_township.regions.models import Region

from .querysets import CatalogueQuerySet, DemandQuerySet, RequiredSkillQuerySet


class Proficiency(models.IntegerChoices):
    """How well a cadre knows a skill (seed 000/004: 了解/掌握/熟练/精通)."""

    AWARE = 1, _("了解")
    GRASP = 2, _("掌握")
    SKILLED = 3, _("熟练")
    EXPERT = 4, _("精通")


class SkillCategory(DomainModel):
    """One of the programme's three skill categories (发展经济 / 维护社会稳定 / 群众和基层组织工作)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("技能类别")
        verbose_name_plural = _("技能类别")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Skill(DomainModel):
    """A skill in the catalogue. Retired skills stay (history refers to them) but are no longer offered."""

    code = models.CharField(_("技能代码"), max_length=16, unique=True)
    name = models.CharField(_("技能名称"), max_length=64, unique=True)
    category = models.ForeignKey(SkillCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(_("说明"), blank=True, **text_limit())
    related_industry = models.CharField(_("相关产业"), max_length=64, blank=True)
    is_active = models.BooleanField(
        _("在用"), default=True, db_index=True, help_text=_("停用后不再供选择，历史记录保留。")
    )

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        ordering = ["category__order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:skill_detail", args=[self.pk])


class TownshipRequiredSkill(DomainModel):
    """A skill every cadre of a township must learn in a year (必修)."""

    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="required_skills",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="required_in")

    objects = RequiredSkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("乡镇必修技能")
        verbose_name_plural = _("乡镇必修技能")
        ordering = ["township__code", "-year", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "skill"], name="required_skill_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year} {self.skill}"

    def clean(self) -> None:
        super().clean()
        if self.township_id and self.township.level != Region.Level.TOWNSHIP:
            raise ValidationError({"township": _("必修技能只能按乡镇设置。")})


class Demand(DomainModel):
    """A skill that villagers asked for, collected on a visit, survey, forum or call (群众需求)."""

    class Source(models.TextChoices):
        VISIT = "visit", _("走访")
        SURVEY = "survey", _("问卷")
        FORUM = "forum", _("座谈")
        CALL = "call", _("来电")

    village = models.ForeignKey(
        Region,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="demands",
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    household_name = models.CharField(_("农户（户主）"), max_length=64, blank=True)
    skill = models.ForeignKey(Skill, verbose_name=_("需要的技能"), on_delete=models.PROTECT, related_name="demands")
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, db_index=True)
    recorded_on = models.DateField(_("日期"), validators=[programme_date, not_in_future], db_index=True)
    headcount = models.PositiveSmallIntegerField(
        _("提出人数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众需求")
        verbose_name_plural = _("群众需求")
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["skill", "recorded_on"], name="demand_skill_date")]

    def __str__(self) -> str:
        return f"{self.village} {self.skill} {self.recorded_on}"

    def clean(self) -> None:
        super().clean()
        if self.village_id and self.village.level != Region.Level.VILLAGE:
            raise ValidationError({"village": _("需求按村登记。")})
