"""Yearly learning plans (required + elective skills), their rules, and the study ledger (学习台账)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.models import DomainModel
from skilled_township.core.validators import (
    LONG_NOTE_MAX_LENGTH,
    not_in_future,
    programme_date,
    text_limit,
    year_validators,
)
from skilled_township.regions.models import Region
from skilled_township.skills.models import Proficiency, Skill, SkillCategory

from .querysets import (
    LearningPlanQuerySet,
    PlanItemQuerySet,
    PlanRuleCategoryQuerySet,
    PlanRuleQuerySet,
    StudyRecordQuerySet,
    StudyReportQuerySet,
)


class PlanRule(DomainModel):
    """The yearly plan rule set by the organisation department for a region: how many electives a plan holds
    in all, and in each category of the catalogue (``PlanRuleCategory``)."""

    region = models.ForeignKey(Region, verbose_name=_("适用范围"), on_delete=models.PROTECT, related_name="plan_rules")
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    min_electives = models.PositiveSmallIntegerField(
        _("最少选修技能数"), default=1, help_text=_("各类合计至少的选修技能数。")
    )

    objects = PlanRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习计划规则")
        verbose_name_plural = _("学习计划规则")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="plan_rule_once_per_region_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class PlanRuleCategory(DomainModel):
    """At least this many electives of one category in every plan under the rule (seed 004: each cadre's
    必修 + 选修 across the three categories: developing the economy, social stability, mass and grassroots work)."""

    rule = models.ForeignKey(
        PlanRule, verbose_name=_("学习计划规则"), on_delete=models.CASCADE, related_name="category_minimums"
    )
    category = models.ForeignKey(SkillCategory, verbose_name=_("技能类别"), on_delete=models.PROTECT, related_name="+")
    min_electives = models.PositiveSmallIntegerField(_("该类最少选修技能数"), default=0)

    objects = PlanRuleCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("分类选修要求")
        verbose_name_plural = _("分类选修要求")
        ordering = ["rule", "category__order", "category__code"]
        constraints = [models.UniqueConstraint(fields=["rule", "category"], name="plan_rule_category_once")]

    def __str__(self) -> str:
        return f"{self.rule} {self.category}"


class LearningPlan(DomainModel):
    """A cadre's learning plan for one year: the township's required skills plus electives. A draft may break
    the plan rule (it is counted short); only a plan that meets the rule is confirmed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        CONFIRMED = "confirmed", _("已确认")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = LearningPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习计划")
        verbose_name_plural = _("学习计划")
        ordering = ["-year", "cadre__name"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_plan_per_cadre_year")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}"


class PlanItem(DomainModel):
    class Kind(models.TextChoices):
        REQUIRED = "required", _("必修")
        ELECTIVE = "elective", _("选修")

    plan = models.ForeignKey(LearningPlan, verbose_name=_("学习计划"), on_delete=models.CASCADE, related_name="items")
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="plan_items")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.ELECTIVE)
    target_proficiency = models.PositiveSmallIntegerField(
        _("目标熟练程度"), choices=Proficiency.choices, default=Proficiency.GRASP
    )

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划技能")
        verbose_name_plural = _("计划技能")
        # Required (必修) before elective (选修): "required" sorts after "elective", hence descending.
        ordering = ["-kind", "skill__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "skill"], name="plan_skill_once")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.skill}"


class StudyRecord(DomainModel):
    """One entry of a cadre's study ledger (学习台账)."""

    class Mode(models.TextChoices):
        CLASSROOM = "classroom", _("课堂教学")
        BASE_PRACTICE = "base_practice", _("基地实践")
        GROUP_STUDY = "group_study", _("集中学习")
        SELF_STUDY = "self_study", _("个人自学")
        EXPERT_LECTURE = "expert_lecture", _("专家授课")
        EXCHANGE = "exchange", _("学员交流")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="study_records")
    studied_on = models.DateField(_("学习日期"), validators=[programme_date, not_in_future])
    hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("24"))],
        help_text=_("大于 0，不超过 24。"),
    )
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="study_records")
    mode = models.CharField(_("学习方式"), max_length=32, choices=Mode.choices)
    notes = models.TextField(_("学习笔记"), blank=True, **text_limit(LONG_NOTE_MAX_LENGTH))

    objects = StudyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        ordering = ["-studied_on", "-id"]
        indexes = [
            # A cadre's records by day, holding the skill and hours: the monthly summary and the demand gap read
            # a township's records off this index alone (index-only), never the table's scattered rows.
            models.Index(fields=["cadre", "studied_on"], include=["skill", "hours"], name="study_cadre_date"),
            # The ledger's order: its pages are read off this index, however deep (core.pagination).
            models.Index(fields=["-studied_on", "-id"], name="study_ledger_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24), name="study_hours_between_0_and_24")
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.studied_on} {self.skill}"


class StudyReport(DomainModel):
    """一月一述学: a cadre's account of one month's learning (what was learned, how it was used, what is still
    a problem), written by the cadre or by the township for them, and a leader's 讲评 on it."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="study_reports")
    month = models.DateField(_("月份"), validators=[programme_date, not_in_future], help_text=_("每月一篇。"))
    learned = models.TextField(_("学了什么"), **text_limit())
    applied = models.TextField(_("用在哪里"), **text_limit())
    problems = models.TextField(_("存在问题"), blank=True, **text_limit())
    review = models.TextField(_("讲评"), blank=True, **text_limit())
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("讲评人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("讲评时间"), null=True, blank=True)

    objects = StudyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("述学")
        verbose_name_plural = _("述学")
        ordering = ["-month", "cadre__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "month"], name="one_study_report_per_cadre_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="study_report_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.month:%Y-%m}"
