"""The year-end assessment (年度考核验收, seed 000 四(三)): a round a year, its 100-point rubric, the reviewers
assigned to each township and their score sheets, the public satisfaction survey (seed 002) and the results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skilled_township.core.models import DomainModel
from skilled_township.core.validators import not_in_future, programme_date, text_limit, year_validators
from skilled_township.regions.models import Region

from .querysets import (
    AppealQuerySet,
    AssignmentQuerySet,
    CadreGradeQuerySet,
    DeputyAssessmentQuerySet,
    FigureSnapshotQuerySet,
    IndicatorQuerySet,
    ReportJobQuerySet,
    ReportQuerySet,
    ResultLineQuerySet,
    ResultQuerySet,
    RoundQuerySet,
    ScoreQuerySet,
    StarNominationQuerySet,
    SurveyQuerySet,
)

POINTS = {"max_digits": 5, "decimal_places": 1}
SHARE = {"max_digits": 4, "decimal_places": 2}


class AssessmentRound(DomainModel):
    """One year's assessment of the city's townships: 草稿 → 评分中 → 已结束 → 已发布."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SCORING = "scoring", _("评分中")
        CLOSED = "closed", _("已结束")
        PUBLISHED = "published", _("已发布")

    city = models.ForeignKey(
        Region,
        verbose_name=_("市"),
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
        limit_choices_to={"level": Region.Level.CITY},
    )
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=year_validators())
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    #: Reviewers whose points for one indicator differ by more than this share of its maximum are flagged.
    spread_share = models.DecimalField(
        _("评分差异提示线（占分值比例）"),
        **SHARE,
        default=Decimal("0.30"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1"))],
    )
    excellent_from = models.DecimalField(_("优秀（分以上）"), **POINTS, default=Decimal("90"))
    good_from = models.DecimalField(_("良好（分以上）"), **POINTS, default=Decimal("80"))
    pass_from = models.DecimalField(_("合格（分以上）"), **POINTS, default=Decimal("60"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开始评分"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("开始评分时间"), null=True, blank=True)
    spread_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分差异已阅"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    spread_acknowledged_at = models.DateTimeField(_("评分差异已阅时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束评分"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束评分时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="assessment_round_one_a_year"),
            models.CheckConstraint(
                condition=Q(excellent_from__gt=F("good_from"), good_from__gt=F("pass_from"), pass_from__gt=0),
                name="assessment_round_bands_descend",
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s年度考核") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("assessment:round_detail", args=[self.pk])

    def clean(self) -> None:
        if None not in (self.excellent_from, self.good_from, self.pass_from) and not (
            self.excellent_from > self.good_from > self.pass_from > 0
        ):
            raise ValidationError(_("等次分数线须依次递减：优秀 > 良好 > 合格 > 0。"))

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_scoring(self) -> bool:
        return self.status == self.Status.SCORING

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RoundStep(DomainModel):
    """Who moved a round to which status, when, and why (a reopening always says why)."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("状态"), max_length=16, choices=AssessmentRound.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("原因"), blank=True, **text_limit(500))

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核轮次变更")
        verbose_name_plural = _("考核轮次变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.round} → {self.get_status_display()}"


class Indicator(DomainModel):
    """One line of the rubric: a sub-indicator in one of the areas, with its points and the figure reviewers see."""

    class Area(models.TextChoices):
        # Seed 000 四(三): the three things the year-end check looks at; seed 002: public satisfaction.
        BASE = "base", _("示范基地建设和管理")
        SERVICE = "service", _("镇干部技能培训和帮扶服务")
        HOUSEHOLDS = "households", _("帮扶对象生产发展和增收情况")
        SATISFACTION = "satisfaction", _("群众满意度")

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="indicators"
    )
    area = models.CharField(_("考核内容"), max_length=16, choices=Area.choices)
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("考核指标"), max_length=64)
    criteria = models.TextField(_("评分标准"), blank=True, **text_limit(500))
    max_points = models.DecimalField(
        _("分值"),
        **POINTS,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    figure = models.CharField(
        _("自动指标"), max_length=32, blank=True, help_text=_("评分时显示在指标旁，作为参考依据。")
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["round", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="assessment_indicator_name_once")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .services.figures import FIGURES

        if self.figure and self.figure not in FIGURES:
            raise ValidationError({"figure": _("未知的自动指标。")})
        if self.max_points is not None and (self.max_points * 2) % 1:
            raise ValidationError({"max_points": _("分值以0.5分为单位。")})

    @property
    def is_survey(self) -> bool:
        """The satisfaction indicator's points come from the survey, not from the reviewers."""
        return self.area == self.Area.SATISFACTION


class ReviewerAssignment(DomainModel):
    """A reviewer assigned to a township in a round, and their score sheet for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("未评分")
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.PROTECT, related_name="assignments"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("考核组成员"),
        on_delete=models.PROTECT,
        related_name="assessment_sheets",
    )
    status = models.CharField(_("评分状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    #: Raised by every save of the sheet: a save based on an older version is refused (no lost update).
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["round", "township__code", "reviewer__username"]
        constraints = [
            models.UniqueConstraint(fields=["round", "township", "reviewer"], name="assessment_assignment_once")
        ]

    def __str__(self) -> str:
        return _("%(township)s · %(reviewer)s") % {"township": self.township, "reviewer": self.reviewer}

    def get_absolute_url(self) -> str:
        return reverse("assessment:sheet", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(DomainModel):
    """A reviewer's points on one indicator for one township."""

    assignment = models.ForeignKey(
        ReviewerAssignment, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("考核指标"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("得分"), **POINTS, validators=[MinValueValidator(Decimal("0"))])
    comment = models.TextField(_("评分说明"), blank=True, **text_limit(500))

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["assignment", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="assessment_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="assessment_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.points}"


class SatisfactionSurvey(DomainModel):
    """群众满意度测评 of one township in a round (seed 002: 群众满意度测评 is part of the check)."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.PROTECT, related_name="surveys"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    conducted_on = models.DateField(_("测评日期"), validators=[programme_date, not_in_future])
    respondents = models.PositiveIntegerField(_("参评人数"), validators=[MinValueValidator(1)])
    satisfied = models.PositiveIntegerField(_("满意"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("基本满意"), default=0)
    dissatisfied = models.PositiveIntegerField(_("不满意"), default=0)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众满意度测评")
        verbose_name_plural = _("群众满意度测评")
        ordering = ["round", "township__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "township"], name="assessment_survey_once"),
            models.CheckConstraint(
                condition=Q(respondents=F("satisfied") + F("basically_satisfied") + F("dissatisfied")),
                name="assessment_survey_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return _("%(township)s群众满意度测评") % {"township": self.township}

    def clean(self) -> None:
        counts = [self.satisfied, self.basically_satisfied, self.dissatisfied]
        if self.respondents is not None and None not in counts and sum(counts) != self.respondents:
            raise ValidationError(
                _("满意、基本满意、不满意人数之和（%(sum)s）须等于参评人数（%(respondents)s）。")
                % {"sum": sum(counts), "respondents": self.respondents}
            )


class FrozenWhenPublished(Exception):
    pass


class AssessmentResult(DomainModel):
    """A township's result in a round: stored when the round closes, frozen once it is published."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("良好")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.PROTECT, related_name="results"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    city_rank = models.PositiveSmallIntegerField(_("全市排名"))
    county_rank = models.PositiveSmallIntegerField(_("县内排名"))
    households_points = models.DecimalField(_("帮扶对象得分"), max_digits=6, decimal_places=2, default=0)
    satisfaction_points = models.DecimalField(_("满意度得分"), max_digits=6, decimal_places=2, default=0)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["round", "city_rank", "township__code"]
        constraints = [models.UniqueConstraint(fields=["round", "township"], name="assessment_result_once")]

    def __str__(self) -> str:
        return _("%(township)s %(year)s年度考核结果") % {"township": self.township, "year": self.round.year}

    def get_absolute_url(self) -> str:
        return reverse("assessment:result_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        _refuse_when_published(self.round_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_when_published(self.round_id)
        return super().delete(*args, **kwargs)


class ResultLine(DomainModel):
    """A township's points on one indicator: the (trimmed) mean of the reviewers, or the survey's points."""

    result = models.ForeignKey(
        AssessmentResult, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="lines"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("考核指标"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    reviewers = models.PositiveSmallIntegerField(_("评分人数"), default=0)
    trimmed = models.BooleanField(_("去掉最高分和最低分"), default=False)

    objects = ResultLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标结果")
        verbose_name_plural = _("指标结果")
        ordering = ["result", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["result", "indicator"], name="assessment_result_line_once")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.points}"

    def save(self, *args, **kwargs):
        _refuse_when_published(AssessmentResult.objects.filter(pk=self.result_id).values("round_id")[:1])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_when_published(AssessmentResult.objects.filter(pk=self.result_id).values("round_id")[:1])
        return super().delete(*args, **kwargs)


class FigureSnapshot(models.Model):
    """A township's automatic figure for a round as last computed: refreshed every night while the round is being
    scored, and once more when it closes, after which it stays as the reviewers and the reports saw it."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核年度"), on_delete=models.CASCADE, related_name="figure_snapshots"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    key = models.CharField(_("自动指标"), max_length=32)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = FigureSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("自动指标数值")
        verbose_name_plural = _("自动指标数值")
        constraints = [
            models.UniqueConstraint(fields=["round", "township", "key"], name="assessment_figure_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.key}: {self.value}"


def _refuse_when_published(round_id) -> None:
    """Published results are frozen: only reopening the round (with a reason, audited) unfreezes them."""
    if AssessmentRound.objects.filter(pk=round_id, status=AssessmentRound.Status.PUBLISHED).exists():
        raise FrozenWhenPublished(_("考核结果已发布，不能修改。"))


class ReportJob(models.Model):
    """One run of the round's yearly evaluation reports: a report per township and the city's summary. Each run
    is a generation; its reports replace the previous generation's one by one as they are finished."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    #: Set once, by the township report that finishes last: the city's summary is then queued exactly once.
    summary_queued = models.BooleanField(_("已排队汇总"), default=False)
    #: When the townships' tasks were handed to the job service; empty while it was unavailable: the reports
    #: wait and are handed over once it answers again (``services.reports.send_waiting``).
    sent_at = models.DateTimeField(_("交付时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核报告生成")
        verbose_name_plural = _("考核报告生成")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return _("%(round)s报告（第%(n)s次生成）") % {"round": self.round, "n": self.pk}


class RoundReport(models.Model):
    """A township's yearly evaluation report (or, without a township, the city's summary) of one generation: a
    PDF and an Excel workbook. At most one report per round and township is current."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    job = models.ForeignKey(ReportJob, verbose_name=_("生成批次"), on_delete=models.CASCADE, related_name="reports")
    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="reports"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="assessment/reports/%Y/", blank=True)
    xlsx = models.FileField(_("Excel"), upload_to="assessment/reports/%Y/", blank=True)
    is_current = models.BooleanField(_("当前版本"), default=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核报告")
        verbose_name_plural = _("考核报告")
        ordering = ["round", "township__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "township"], nulls_distinct=False, name="assessment_report_once_a_generation"
            ),
            models.UniqueConstraint(
                fields=["round", "township"],
                condition=Q(is_current=True),
                nulls_distinct=False,
                name="assessment_report_one_current",
            ),
        ]

    def __str__(self) -> str:
        return _("%(who)s %(year)s年度考核报告") % {
            "who": self.township or self.round.city,
            "year": self.round.year,
        }


class GradeScheme(DomainModel):
    """How a round's cadres' annual grades are suggested (weights of the year's record, summing to 100), the cap
    on the share of 优秀 per township, the appeal window, and when the grades were published."""

    round = models.OneToOneField(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="grade_scheme"
    )
    study_weight = models.PositiveSmallIntegerField(_("学习时数权重"), default=25, validators=[MaxValueValidator(100)])
    certificate_weight = models.PositiveSmallIntegerField(
        _("持证权重"), default=15, validators=[MaxValueValidator(100)]
    )
    visit_weight = models.PositiveSmallIntegerField(_("走访天数权重"), default=25, validators=[MaxValueValidator(100)])
    service_weight = models.PositiveSmallIntegerField(
        _("服务评价权重"), default=15, validators=[MaxValueValidator(100)]
    )
    township_weight = models.PositiveSmallIntegerField(
        _("乡镇考核结果权重"), default=20, validators=[MaxValueValidator(100)]
    )
    excellent_cap = models.DecimalField(
        _("优秀比例上限"),
        **SHARE,
        default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("每个乡镇评为优秀的干部不超过其参评干部数的这一比例（向下取整）。"),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("申诉期（天）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("等次发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("等次发布时间"), null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("干部年度等次办法")
        verbose_name_plural = _("干部年度等次办法")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    study_weight=100
                    - F("certificate_weight")
                    - F("visit_weight")
                    - F("service_weight")
                    - F("township_weight")
                ),
                name="assessment_grade_weights_sum_to_100",
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s年度干部等次办法") % {"year": self.round.year}

    def clean(self) -> None:
        weights = [
            self.study_weight,
            self.certificate_weight,
            self.visit_weight,
            self.service_weight,
            self.township_weight,
        ]
        if None not in weights and sum(weights) != 100:
            raise ValidationError(_("各项权重之和须为100，现为%(sum)s。") % {"sum": sum(weights)})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CadreGrade(DomainModel):
    """A cadre's annual grade in a round: the suggestion from the year's record and the final grade with its
    basis. Once the grades are published the final grade changes only through an appeal's decision."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        COMPETENT = "competent", _("称职")
        BASIC = "basic", _("基本称职")
        INCOMPETENT = "incompetent", _("不称职")

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.PROTECT, related_name="cadre_grades"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="annual_grades"
    )
    record_score = models.DecimalField(_("年度实绩得分"), max_digits=5, decimal_places=2, default=0)
    suggested = models.CharField(_("建议等次"), max_length=16, choices=Grade.choices)
    final = models.CharField(_("评定等次"), max_length=16, choices=Grade.choices, blank=True)
    basis = models.TextField(_("评定依据"), blank=True, **text_limit(500))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("评定时间"), null=True, blank=True)

    objects = CadreGradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("干部年度等次")
        verbose_name_plural = _("干部年度等次")
        ordering = ["round", "cadre__township__code", "-record_score", "cadre_id"]
        constraints = [models.UniqueConstraint(fields=["round", "cadre"], name="assessment_cadre_grade_once")]

    def __str__(self) -> str:
        return _("%(cadre)s %(year)s年度等次") % {"cadre": self.cadre, "year": self.round.year}

    def get_absolute_url(self) -> str:
        return reverse("assessment:grade_detail", args=[self.pk])

    def save(self, *args, through_appeal: bool = False, **kwargs):
        """After publication only an appeal's decision (``services.appeals.decide``) may change a grade."""
        if (
            not through_appeal
            and self.pk
            and GradeScheme.objects.filter(round_id=self.round_id, published_at__isnull=False).exists()
        ):
            raise FrozenWhenPublished(_("干部年度等次已发布，只能通过申诉决定变更。"))
        super().save(*args, **kwargs)


class GradeAppeal(DomainModel):
    """A cadre's appeal against their published annual grade, filed within the window and decided by the
    organisation department: upheld (the grade changes to the one decided) or rejected (unchanged)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("申诉成立")
        REJECTED = "rejected", _("申诉驳回")

    grade = models.ForeignKey(CadreGrade, verbose_name=_("年度等次"), on_delete=models.PROTECT, related_name="appeals")
    reason = models.TextField(_("申诉理由"), **text_limit(1000))
    filed_at = models.DateTimeField(_("申诉时间"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("处理结果"), max_length=16, choices=Status.choices, default=Status.PENDING)
    previous = models.CharField(_("原等次"), max_length=16, choices=CadreGrade.Grade.choices)
    decided_grade = models.CharField(_("变更后等次"), max_length=16, choices=CadreGrade.Grade.choices, blank=True)
    decision = models.TextField(_("处理意见"), blank=True, **text_limit(500))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("等次申诉")
        verbose_name_plural = _("等次申诉")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["grade"], condition=Q(status="pending"), name="assessment_one_pending_appeal"
            )
        ]

    def __str__(self) -> str:
        return _("%(grade)s的申诉") % {"grade": self.grade}

    def get_absolute_url(self) -> str:
        return reverse("assessment:appeal_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class StarList(DomainModel):
    """学用之星 of a round (seed 002: 开展"学用之星"评选活动): who may be nominated (the rule), how many each township
    may nominate, and when the organisation department published the list (then it is frozen)."""

    round = models.OneToOneField(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="star_list"
    )
    quota = models.PositiveSmallIntegerField(
        _("每个乡镇推荐名额"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    min_score = models.DecimalField(
        _("候选人年度实绩得分不低于"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("名单发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("名单发布时间"), null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("学用之星评选")
        verbose_name_plural = _("学用之星评选")

    def __str__(self) -> str:
        return _("%(year)s年度学用之星") % {"year": self.round.year}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class StarNomination(DomainModel):
    """A township's nomination of one of its in-post cadres as 学用之星 with the cadre's deeds (事迹), decided by
    the organisation department. A cadre is nominated at most once a year (one round a year per city)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.PROTECT, related_name="star_nominations"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="star_nominations"
    )
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    record_score = models.DecimalField(_("年度实绩得分"), max_digits=5, decimal_places=2)
    deeds = models.TextField(_("主要事迹"), **text_limit(2000))
    status = models.CharField(_("审核状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    reason = models.TextField(_("审核意见"), blank=True, **text_limit(500))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = StarNominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("学用之星推荐")
        verbose_name_plural = _("学用之星推荐")
        ordering = ["round", "township__code", "-record_score", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "cadre"], name="assessment_star_once_a_year")]
        indexes = [models.Index(fields=["round", "status"], name="assessment_star_round_status")]

    def __str__(self) -> str:
        return _("%(cadre)s（%(year)s年度学用之星推荐）") % {"cadre": self.cadre, "year": self.round.year}

    def get_absolute_url(self) -> str:
        return reverse("assessment:star_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def save(self, *args, **kwargs):
        _refuse_when_stars_published(self.round_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_when_stars_published(self.round_id)
        return super().delete(*args, **kwargs)


def _refuse_when_stars_published(round_id) -> None:
    if StarList.objects.filter(round_id=round_id, published_at__isnull=False).exists():
        raise FrozenWhenPublished(_("学用之星名单已发布，不能修改。"))


class DeputyAssessment(DomainModel):
    """The end-of-term assessment of a 科技副镇长 and the tech team he led (seed 000: 科技副镇长挂职期满，领导小组
    组织考核组对科技副镇长及其科技团队的工作进行考核，对成绩突出、表现优秀的人员予以表彰奖励): points in four areas
    summing to 100, the conclusion from the total, and the commendation, which only an 优秀 conclusion may carry."""

    class Conclusion(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        PASS = "pass", _("合格")
        BASIC = "basic", _("基本合格")
        FAIL = "fail", _("不合格")

    #: Area → (label, maximum points); the maxima sum to 100.
    AREAS = {
        "service_points": (_("技术服务"), Decimal("30")),
        "base_points": (_("示范基地"), Decimal("30")),
        "training_points": (_("培训带徒"), Decimal("20")),
        "public_points": (_("群众评价"), Decimal("20")),
    }
    #: The lowest total of each conclusion, best first; below the last: 不合格.
    BANDS = (
        (Decimal("90"), Conclusion.EXCELLENT),
        (Decimal("75"), Conclusion.PASS),
        (Decimal("60"), Conclusion.BASIC),
    )

    secondment = models.OneToOneField(
        "cadres.Secondment",
        verbose_name=_("挂职"),
        on_delete=models.PROTECT,
        related_name="term_assessment",
        limit_choices_to={"kind": "tech_deputy"},
    )
    service_points = models.DecimalField(
        _("技术服务"), **POINTS, validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))]
    )
    base_points = models.DecimalField(
        _("示范基地"), **POINTS, validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))]
    )
    training_points = models.DecimalField(
        _("培训带徒"), **POINTS, validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))]
    )
    public_points = models.DecimalField(
        _("群众评价"), **POINTS, validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))]
    )
    total = models.DecimalField(_("总分"), **POINTS, editable=False)
    conclusion = models.CharField(_("考核结论"), max_length=16, choices=Conclusion.choices, editable=False)
    comment = models.TextField(_("考核评语"), **text_limit(1000))
    commended = models.BooleanField(_("予以表彰奖励"), default=False, help_text=_("仅考核结论为优秀时可以表彰奖励。"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    objects = DeputyAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("科技副镇长期满考核")
        verbose_name_plural = _("科技副镇长期满考核")
        ordering = ["-secondment__end_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    service_points__gte=0,
                    service_points__lte=30,
                    base_points__gte=0,
                    base_points__lte=30,
                    training_points__gte=0,
                    training_points__lte=20,
                    public_points__gte=0,
                    public_points__lte=20,
                ),
                name="assessment_deputy_points_within_maxima",
            ),
            models.CheckConstraint(
                condition=Q(total=F("service_points") + F("base_points") + F("training_points") + F("public_points")),
                name="assessment_deputy_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(commended=False) | Q(conclusion="excellent"),
                name="assessment_deputy_commended_only_excellent",
            ),
        ]

    def __str__(self) -> str:
        return _("%(secondment)s期满考核") % {"secondment": self.secondment}

    def get_absolute_url(self) -> str:
        return reverse("assessment:deputy_assess", args=[self.secondment_id])

    def area_points(self) -> list[tuple[str, Decimal]]:
        return [(label, getattr(self, name)) for name, (label, _maximum) in self.AREAS.items()]

    @classmethod
    def conclusion_of(cls, total: Decimal) -> str:
        for floor, conclusion in cls.BANDS:
            if total >= floor:
                return conclusion
        return cls.Conclusion.FAIL

    def clean(self) -> None:
        errors = {}
        for name in self.AREAS:
            value = getattr(self, name)
            if value is not None and (value * 2) % 1:
                errors[name] = _("分值以0.5分为单位。")
        if errors:
            raise ValidationError(errors)
        if self.compute() and self.commended and self.conclusion != self.Conclusion.EXCELLENT:
            raise ValidationError({"commended": _("只有考核结论为优秀的才能予以表彰奖励。")})

    def compute(self) -> bool:
        """The total and the conclusion from the points (whether every area has its points)."""
        points = [getattr(self, name) for name in self.AREAS]
        if None in points:
            return False
        self.total = sum(points)
        self.conclusion = self.conclusion_of(self.total)
        return True

    def save(self, *args, **kwargs):
        self.compute()
        super().save(*args, **kwargs)
