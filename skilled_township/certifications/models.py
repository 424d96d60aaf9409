"""Skill appraisals (技能鉴定), the certificates they issue (技能证书), the cadres' public listing (人才库 and
便民服务卡), the public's service requests (一个电话，上门服务) and the service ledger (服务台账)."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.accounts.models import User
from skilled_township.cadres.models import Cadre
from skilled_township.core.models import DomainModel
from skilled_township.core.scoping import InternalQuerySet
from skilled_township.core.validators import mobile_validator, not_in_future, programme_date, text_limit
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from .querysets import (
    AppraisalQuerySet,
    CertificateQuerySet,
    PublicProfileQuerySet,
    ServiceRecordQuerySet,
    ServiceRequestQuerySet,
)


class CertificateLevel(models.IntegerChoices):
    """National vocational qualification levels, lowest (5) to highest (1)."""

    LEVEL_5 = 5, _("五级/初级工")
    LEVEL_4 = 4, _("四级/中级工")
    LEVEL_3 = 3, _("三级/高级工")
    LEVEL_2 = 2, _("二级/技师")
    LEVEL_1 = 1, _("一级/高级技师")


#: The alphabet of codes people read and type: no 0/O, 1/I/L.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def readable_code(length: int) -> str:
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def new_verification_code() -> str:
    """16 readable characters (about 79 bits): printed as a QR code on the card, never guessable."""
    return readable_code(16)


def new_tracking_code() -> str:
    """10 readable characters (about 49 bits) the requester keeps to follow a request; lookups are rate-limited."""
    return readable_code(10)


score_validators = [MinValueValidator(0), MaxValueValidator(100)]


class Appraisal(DomainModel):
    """One appraisal of one cadre in one skill by the HR/labour department. A pass issues a certificate."""

    class Method(models.TextChoices):
        THEORY = "theory", _("理论")
        PRACTICE = "practice", _("实操")
        COMBINED = "combined", _("综合")

    class Result(models.TextChoices):
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="appraisals")
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="appraisals")
    appraised_on = models.DateField(_("鉴定日期"), validators=[programme_date, not_in_future])
    method = models.CharField(_("鉴定方式"), max_length=16, choices=Method.choices)
    theory_score = models.DecimalField(
        _("理论成绩"), max_digits=4, decimal_places=1, null=True, blank=True, validators=score_validators
    )
    practice_score = models.DecimalField(
        _("实操成绩"), max_digits=4, decimal_places=1, null=True, blank=True, validators=score_validators
    )
    result = models.CharField(_("鉴定结果"), max_length=16, choices=Result.choices, db_index=True)
    #: The level appraised for; a pass is certified at this level.
    level = models.PositiveSmallIntegerField(_("鉴定等级"), choices=CertificateLevel.choices)
    appraiser = models.ForeignKey(User, verbose_name=_("鉴定人"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("技能鉴定")
        verbose_name_plural = _("技能鉴定")
        ordering = ["-appraised_on", "-id"]
        indexes = [models.Index(fields=["skill", "appraised_on"], name="appraisal_skill_date")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.skill} {self.appraised_on:%Y-%m-%d}"

    def clean(self) -> None:
        errors = {}
        if self.method in (self.Method.THEORY, self.Method.COMBINED) and self.theory_score is None:
            errors["theory_score"] = _("理论或综合鉴定须填写理论成绩。")
        if self.method in (self.Method.PRACTICE, self.Method.COMBINED) and self.practice_score is None:
            errors["practice_score"] = _("实操或综合鉴定须填写实操成绩。")
        if errors:
            raise ValidationError(errors)


class CertificateSequence(models.Model):
    """The last certificate number issued in a year: numbers are taken under a row lock, so two appraisers
    issuing at the same moment get different numbers, and a number is never used twice."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    last = models.PositiveIntegerField(_("已用到"), default=0)

    objects = InternalQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书编号序列")
        verbose_name_plural = _("证书编号序列")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Certificate(DomainModel):
    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")

    class State(models.TextChoices):
        """What the verification page says: the stored status, with expiry read from today's date."""

        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")
        EXPIRED = "expired", _("已过期")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="certificates")
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="certificates")
    #: The appraisal that issued it; empty for a certificate entered from paper issued before the system.
    appraisal = models.OneToOneField(
        Appraisal,
        verbose_name=_("鉴定记录"),
        on_delete=models.PROTECT,
        related_name="certificate",
        null=True,
        blank=True,
    )
    level = models.PositiveSmallIntegerField(_("证书等级"), choices=CertificateLevel.choices)
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    issuing_body = models.CharField(_("发证机关"), max_length=64)
    issued_on = models.DateField(_("发证日期"), default=timezone.localdate, validators=[programme_date, not_in_future])
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    verification_code = models.CharField(
        _("查验码"), max_length=32, unique=True, default=new_verification_code, editable=False
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.VALID, db_index=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name=_("撤销人"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revocation_reason = models.TextField(_("撤销原因"), blank=True, **text_limit())

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("技能证书")
        verbose_name_plural = _("技能证书")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["skill", "level"], name="certificate_skill_level")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid") | (~Q(revocation_reason="") & Q(revoked_at__isnull=False)),
                name="certificate_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.cadre} {self.skill}"

    def state_on(self, day: datetime.date | None = None) -> str:
        if self.status == self.Status.REVOKED:
            return self.State.REVOKED
        if self.expires_on is not None and self.expires_on < (day or timezone.localdate()):
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> str:
        return self.state_on()

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def verification_path(self) -> str:
        """The public page that shows this certificate's record to whoever holds its code (QR code, link)."""
        return reverse("public:verify", args=[self.verification_code])

    def clean(self) -> None:
        if self.expires_on is not None and self.issued_on is not None and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("有效期须晚于发证日期。")})


class PublicProfile(DomainModel):
    """What a cadre shows the public in the township's directory and on the service card: duties, and a phone
    number only with the cadre's consent, recorded with its date. Skills and levels come from certificates."""

    cadre = models.OneToOneField(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="public_profile")
    duties = models.CharField(_("服务职责"), max_length=200, blank=True)
    public_phone = models.CharField(_("公开电话"), max_length=11, blank=True, validators=[mobile_validator])
    phone_consent_on = models.DateField(_("同意公开日期"), null=True, blank=True, validators=[not_in_future])
    listed = models.BooleanField(_("在公开名录中显示"), default=True)

    objects = PublicProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        constraints = [
            models.CheckConstraint(
                condition=Q(public_phone="") | Q(phone_consent_on__isnull=False),
                name="public_phone_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return str(self.cadre)

    def clean(self) -> None:
        if self.public_phone and self.phone_consent_on is None:
            raise ValidationError({"phone_consent_on": _("公开电话须记录本人同意的日期。")})


class ServiceRequest(DomainModel):
    """A request for help filed on the public page, routed to a certified cadre of the township or, when none
    holds a valid certificate in the skill, to the secretary's queue (cadre empty)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待分派")
        ASSIGNED = "assigned", _("已分派")
        CLOSED = "closed", _("已办结")
        CANCELLED = "cancelled", _("已撤销")

    #: A request open longer than this is flagged to the secretary.
    OVERDUE_DAYS = 3

    code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_tracking_code, editable=False)
    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "township"},
    )
    village = models.ForeignKey(
        Region,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": "village"},
    )
    requester_name = models.CharField(_("联系人"), max_length=32)
    requester_phone = models.CharField(_("联系电话"), max_length=11, validators=[mobile_validator])
    skill = models.ForeignKey(Skill, verbose_name=_("所需技能"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("需求描述"), **text_limit(1000))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("承办干部"),
        on_delete=models.PROTECT,
        related_name="service_requests",
        null=True,
        blank=True,
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    #: Why this cadre (or the queue): written by the routing rule or by the secretary who reassigned it.
    routing_note = models.CharField(_("分派说明"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评价"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("评价意见"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务请求")
        verbose_name_plural = _("服务请求")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["township", "status", "created_at"], name="service_request_queue"),
            models.Index(fields=["cadre", "status"], name="service_request_cadre"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(cadre__isnull=False), name="service_request_assigned_has_cadre"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(status="closed"), name="service_request_rated_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="service_request_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.skill}"

    OPEN_STATES = ("queued", "assigned")

    @classmethod
    def overdue_before(cls, now=None) -> datetime.datetime:
        """Requests still open that were filed before this moment are overdue."""
        return (now or timezone.now()) - datetime.timedelta(days=cls.OVERDUE_DAYS)

    def is_overdue(self, now=None) -> bool:
        return self.status in self.OPEN_STATES and self.created_at < self.overdue_before(now)

    def get_absolute_url(self) -> str:
        return reverse("certifications:request_detail", args=[self.pk])


class ServiceRecord(DomainModel):
    """One service a cadre gave (服务台账, "服务有记录"): from a closed request or logged directly."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="service_records")
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="+")
    #: The certificate the cadre held in the skill when serving, if any.
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("所持证书"),
        on_delete=models.PROTECT,
        related_name="service_records",
        null=True,
        blank=True,
    )
    request = models.OneToOneField(
        ServiceRequest,
        verbose_name=_("服务请求"),
        on_delete=models.PROTECT,
        related_name="service_record",
        null=True,
        blank=True,
    )
    served_on = models.DateField(_("服务日期"), validators=[programme_date, not_in_future])
    village = models.ForeignKey(
        Region,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": "village"},
    )
    recipient = models.CharField(_("服务对象"), max_length=64)
    content = models.TextField(_("服务内容"), **text_limit())
    outcome = models.TextField(_("服务结果"), **text_limit())

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务台账")
        verbose_name_plural = _("服务台账")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["cadre", "served_on"], name="service_record_cadre_date")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.served_on:%Y-%m-%d} {self.skill}"
