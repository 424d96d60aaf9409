"""Training demonstration bases (示范基地), their funds, training plans, sessions and attendance (seed 000)."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre, Secondment
from skilled_township.core.models import DomainModel
from skilled_township.core.validators import not_in_future, programme_date, text_limit, year_validators
from skilled_township.learning.models import StudyRecord
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from .querysets import (
    AttendanceQuerySet,
    BasePhotoQuerySet,
    BaseStageChangeQuerySet,
    DisbursementQuerySet,
    FundAllocationQuerySet,
    TrainingBaseQuerySet,
    TrainingPlanQuerySet,
    TrainingSessionQuerySet,
)

#: Money in yuan: up to 9,999,999,999.99.
MONEY = {"max_digits": 12, "decimal_places": 2}


def active_tech_deputies(township: Region, on: datetime.date):
    """Cadres holding a 科技副镇长 secondment to ``township`` that runs on ``on`` (seed 000: the tech deputy
    head is the base's headmaster)."""
    return Cadre.objects.filter(
        township=township,
        status=Cadre.Status.IN_POST,
        secondments__kind=Secondment.Kind.TECH_DEPUTY,
        secondments__start_date__lte=on,
        secondments__end_date__gte=on,
    ).distinct()


class TrainingBase(DomainModel):
    """镇干部涉农实用技能培训示范基地: built on the township's land with the organisation department's funds, led
    by the 科技副镇长 as its headmaster (seed 000). A township may have several."""

    class Stage(models.TextChoices):
        PLANNED = "planned", _("规划")
        BUILDING = "building", _("在建")
        OPERATING = "operating", _("运营")
        CLOSED = "closed", _("停用")

    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="training_bases",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    name = models.CharField(_("基地名称"), max_length=64)
    industry = models.CharField(
        _("产业（一镇一品）"), max_length=64, blank=True, help_text=_("不填则取乡镇的主导产业。")
    )
    area_mu = models.DecimalField(
        _("面积（亩）"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100000"))],
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.PLANNED)
    village = models.ForeignKey(
        Region,
        verbose_name=_("所在村"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    location = models.CharField(_("地点"), max_length=128, blank=True, help_text=_("组、路名或地块，便于找到。"))
    description = models.TextField(_("简介"), blank=True, **text_limit())
    headmaster = models.ForeignKey(
        Cadre,
        verbose_name=_("校长（科技副镇长）"),
        on_delete=models.PROTECT,
        related_name="headed_bases",
        null=True,
        blank=True,
    )
    team = models.TextField(_("技术团队"), blank=True, **text_limit(), help_text=_("每行一人：姓名、专业。"))

    objects = TrainingBaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范基地")
        verbose_name_plural = _("示范基地")
        ordering = ["township__code", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="training_base_name_once_per_township"),
            models.CheckConstraint(condition=Q(area_mu__gt=0), name="training_base_area_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:base_detail", args=[self.pk])

    #: The day the stage being saved began (a form's or the API's ``stage_changed_on``); today when not given.
    stage_changed_on: datetime.date | None = None

    def clean(self) -> None:
        super().clean()
        errors = {}
        township = self.township if self.township_id else None
        if township is not None and township.level != Region.Level.TOWNSHIP:
            errors["township"] = _("示范基地必须属于乡镇。")
        if township is not None and self.village_id and self.village.parent_id != township.pk:
            errors["village"] = _("所选的村不在%(township)s。") % {"township": township.name}
        if township is not None and self.headmaster_id:
            today = timezone.localdate()
            if not active_tech_deputies(township, today).filter(pk=self.headmaster_id).exists():
                errors["headmaster"] = _(
                    "校长须由在%(township)s挂职、任期内的科技副镇长担任：%(name)s 没有这样的挂职。"
                ) % {"township": township.name, "name": self.headmaster.name}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.industry and self.township_id:
            pilot = getattr(self.township, "pilot", None)
            self.industry = pilot.lead_industry if pilot is not None else ""
        previous = None
        if not self._state.adding:
            previous = type(self)._base_manager.filter(pk=self.pk).values_list("stage", flat=True).first()
        super().save(*args, **kwargs)
        if previous != self.stage:
            BaseStageChange.objects.create(
                base=self, stage=self.stage, changed_on=self.stage_changed_on or timezone.localdate()
            )
        self.stage_changed_on = None


class BaseStageChange(DomainModel):
    """When a base entered a stage: 规划 → 在建 → 运营 (→ 停用), kept as its history."""

    base = models.ForeignKey(TrainingBase, verbose_name=_("示范基地"), on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=16, choices=TrainingBase.Stage.choices)
    changed_on = models.DateField(_("日期"), validators=[programme_date, not_in_future])

    objects = BaseStageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("基地阶段变化")
        verbose_name_plural = _("基地阶段变化")
        ordering = ["base", "-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.base} {self.get_stage_display()} {self.changed_on}"


def photo_path(photo: BasePhoto, filename: str) -> str:
    # The stored name never comes from the upload: re-encoded photos are always JPEG.
    return f"training/bases/{photo.base_id}/{secrets.token_hex(8)}.jpg"


class BasePhoto(DomainModel):
    """A photo of a base, re-encoded as JPEG when uploaded (``services.reencode_photo``)."""

    base = models.ForeignKey(TrainingBase, verbose_name=_("示范基地"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=photo_path, max_length=255)
    caption = models.CharField(_("说明"), max_length=128, blank=True)
    width = models.PositiveIntegerField(_("宽"), editable=False, default=0)
    height = models.PositiveIntegerField(_("高"), editable=False, default=0)

    objects = BasePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("基地照片")
        verbose_name_plural = _("基地照片")
        ordering = ["base", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.caption or f"{self.base} #{self.pk}"


class FundAllocation(DomainModel):
    """Money allocated to a base for a year and a purpose (seed 000 五: construction funds from the organisation
    department; living allowances from the city's finance). ``disbursed`` is kept by ``services`` under a row
    lock, and the database refuses it above ``amount`` whatever writes it."""

    class Purpose(models.TextChoices):
        CONSTRUCTION = "construction", _("基地建设")
        LIVING = "living", _("生活补贴")
        TRAINING = "training", _("培训经费")

    base = models.ForeignKey(
        TrainingBase, verbose_name=_("示范基地"), on_delete=models.PROTECT, related_name="allocations"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    funding_unit = models.CharField(_("拨付单位"), max_length=64, default="市委组织部")
    amount = models.DecimalField(_("金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    disbursed = models.DecimalField(_("已拨付（元）"), **MONEY, default=Decimal("0"), editable=False)
    allocated_on = models.DateField(_("下达日期"), validators=[programme_date, not_in_future])
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = FundAllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费下达")
        verbose_name_plural = _("经费下达")
        ordering = ["-year", "base__township__code", "base__name", "id"]
        indexes = [models.Index(fields=["year", "base"], name="allocation_year_base")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0, disbursed__lte=models.F("amount")), name="disbursed_within_allocation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.year} {self.get_purpose_display()}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.disbursed

    def clean(self) -> None:
        super().clean()
        if self.amount is not None and self.amount < self.disbursed:
            raise ValidationError(
                {"amount": _("已拨付 %(paid)s 元，金额不能少于已拨付的数额。") % {"paid": self.disbursed}}
            )


class Disbursement(DomainModel):
    """A payment out of an allocation; never more than what remains (``services.save_disbursement``)."""

    allocation = models.ForeignKey(
        FundAllocation, verbose_name=_("经费下达"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(_("金额（元）"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField(_("拨付日期"), validators=[programme_date, not_in_future])
    payee = models.CharField(_("收款方"), max_length=64)
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费拨付")
        verbose_name_plural = _("经费拨付")
        ordering = ["-paid_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive")]

    def __str__(self) -> str:
        return f"{self.allocation} {self.amount}"


class TrainingPlan(DomainModel):
    """A township's training plan for a year: content, who is trained, goals and how many sessions (seed 000)."""

    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="training_plans",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    content = models.TextField(_("培训内容"), **text_limit())
    target_trainees = models.TextField(_("培训人员"), **text_limit())
    goals = models.TextField(_("预期目标"), **text_limit())
    planned_sessions = models.PositiveSmallIntegerField(
        _("计划课次"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训计划")
        verbose_name_plural = _("培训计划")
        ordering = ["-year", "township__code"]
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="training_plan_once_a_year")]

    def __str__(self) -> str:
        return f"{self.township} {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.township_id and self.township.level != Region.Level.TOWNSHIP:
            raise ValidationError({"township": _("培训计划必须属于乡镇。")})


def new_checkin_token() -> str:
    return secrets.token_urlsafe(18)


class TrainingSession(DomainModel):
    """One session of a township's training plan. Its attendance is the one source of the attending cadres'
    study records for it (``services.save_attendance``)."""

    class Instructor(models.TextChoices):
        EXPERT = "expert", _("外请专家")
        TECH_DEPUTY = "tech_deputy", _("科技副镇长")
        CADRE = "cadre", _("本镇干部")

    #: Check-in opens this long before the start (and closes at the end).
    CHECKIN_OPENS_BEFORE = datetime.timedelta(minutes=30)

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("培训计划"), on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField(_("日期"), validators=[programme_date])
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("24"))],
    )
    mode = models.CharField(_("培训方式"), max_length=32, choices=StudyRecord.Mode.choices)
    topic = models.CharField(_("主题"), max_length=128)
    skill = models.ForeignKey(
        Skill,
        verbose_name=_("技能"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        help_text=_("记入学习台账的技能。"),
    )
    other_skills = models.ManyToManyField(Skill, verbose_name=_("其他涉及技能"), blank=True, related_name="+")
    instructor_kind = models.CharField(_("授课人类型"), max_length=16, choices=Instructor.choices)
    instructor_name = models.CharField(_("专家姓名"), max_length=64, blank=True)
    instructor_cadre = models.ForeignKey(
        Cadre, verbose_name=_("授课干部"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    base = models.ForeignKey(
        TrainingBase,
        verbose_name=_("示范基地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    cost = models.DecimalField(
        _("费用（元）"), max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    checkin_token = models.CharField(max_length=32, unique=True, default=new_checkin_token, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    #: What a secretary enters about a session, on its page and through the API.
    ENTERED_FIELDS = (
        "plan",
        "date",
        "start_time",
        "end_time",
        "hours",
        "mode",
        "topic",
        "skill",
        "other_skills",
        "instructor_kind",
        "instructor_name",
        "instructor_cadre",
        "base",
        "cost",
    )
    audit_exclude = ("created_at", "updated_at", "checkin_token")

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering = ["-date", "-start_time", "-id"]
        indexes = [models.Index(fields=["plan", "date"], name="session_plan_date")]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="session_hours_between_0_and_24"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", args=[self.pk])

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """When cadres may check in: from 30 minutes before the start to the end, local time."""
        start = timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))
        end = timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))
        return start - self.CHECKIN_OPENS_BEFORE, end

    @property
    def instructor(self) -> str:
        if self.instructor_kind == self.Instructor.EXPERT:
            return self.instructor_name
        return self.instructor_cadre.name if self.instructor_cadre_id else ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("结束时间必须晚于开始时间。")
        plan = self.plan if self.plan_id else None
        if plan is not None and self.date and self.date.year != plan.year:
            errors["date"] = _("日期须在培训计划的年度（%(year)s 年）内。") % {"year": plan.year}
        if plan is not None and self.base_id and self.base.township_id != plan.township_id:
            errors["base"] = _("示范基地须是%(township)s的。") % {"township": plan.township.name}
        if self.instructor_kind == self.Instructor.EXPERT:
            if not self.instructor_name.strip():
                errors["instructor_name"] = _("外请专家请填写姓名。")
            self.instructor_cadre = None
        elif self.instructor_kind:
            if not self.instructor_cadre_id:
                errors["instructor_cadre"] = _("请选择授课的干部。")
            elif self.instructor_kind == self.Instructor.TECH_DEPUTY and self.date:
                deputies = Cadre.objects.filter(
                    pk=self.instructor_cadre_id,
                    secondments__kind=Secondment.Kind.TECH_DEPUTY,
                    secondments__start_date__lte=self.date,
                    secondments__end_date__gte=self.date,
                )
                if not deputies.exists():
                    errors["instructor_cadre"] = _("%(name)s 在 %(date)s 不是任期内的科技副镇长。") % {
                        "name": self.instructor_cadre.name,
                        "date": self.date,
                    }
            self.instructor_name = ""
        if self.pk and self.date and self.date > timezone.localdate() and self.attendances.exists():
            errors["date"] = _("已登记出勤的课次不能改到今天以后。")
        if errors:
            raise ValidationError(errors)


class Attendance(DomainModel):
    """A cadre at a session. A confirmed one holds the cadre's study record for the session (学习台账), written
    and removed only through ``services``; a claim (name and the ID's last four digits at check-in) waits for
    the township to confirm it."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已到")
        CLAIMED = "claimed", _("待确认")

    class Method(models.TextChoices):
        ROLL = "roll", _("点名")
        SELF = "self", _("扫码签到")
        CLAIM = "claim", _("姓名和身份证后四位")

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("培训课次"), on_delete=models.PROTECT, related_name="attendances"
    )
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    method = models.CharField(_("登记方式"), max_length=16, choices=Method.choices, default=Method.ROLL)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    study_record = models.OneToOneField(
        StudyRecord,
        verbose_name=_("学习记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["session", "cadre__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "cadre"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(status="claimed") | Q(study_record__isnull=False), name="confirmed_attendance_has_record"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.cadre}"
