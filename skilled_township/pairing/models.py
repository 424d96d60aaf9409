"""Farm households (农户), their members' skills and yearly income, one-to-one pairing with cadres (结对帮扶),
and the visits of the people's-conditions diary (民情日志) confirmed by the household."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from skilled_township.cadres.models import Cadre
from skilled_township.core import resident_id
from skilled_township.core.models import DomainModel
from skilled_township.core.scoping import InternalQuerySet
from skilled_township.core.validators import (
    mobile_validator,
    not_in_future,
    programme_date,
    text_limit,
    year_validators,
)
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from .querysets import (
    HouseholdIncomeQuerySet,
    HouseholdQuerySet,
    MemberQuerySet,
    MemberSkillQuerySet,
    NormQuerySet,
    PairingQuerySet,
    VisitAmendmentQuerySet,
    VisitQuerySet,
)


class Household(DomainModel):
    """A farm household, registered under its village by the township."""

    village = models.ForeignKey(
        Region,
        verbose_name=_("村"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    head_name = models.CharField(_("户主姓名"), max_length=32, db_index=True)
    id_number = models.CharField(
        _("户主身份证号码"), max_length=18, unique=True, validators=[resident_id.validate_resident_id]
    )
    #: Where a visit's confirmation code is sent; empty: the household confirms by signature only.
    phone = models.CharField(_("联系电话"), max_length=11, blank=True, validators=[mobile_validator])
    members = models.PositiveSmallIntegerField(_("家庭人口"), validators=[MinValueValidator(1), MaxValueValidator(30)])
    labour_members = models.PositiveSmallIntegerField(_("劳动力人数"), default=0, validators=[MaxValueValidator(30)])
    registered_poor = models.BooleanField(_("建档立卡户"), default=False, db_index=True)
    registered_poor_year = models.PositiveSmallIntegerField(
        _("建档立卡年度"), null=True, blank=True, validators=year_validators()
    )
    main_industry = models.CharField(_("主要产业"), max_length=64, blank=True)
    note = models.TextField(_("备注"), blank=True, **text_limit())
    #: The cadre paired with the household now (kept by the pairing services with the active pairing), so a
    #: cadre's own households and the list's "paired with" column need no join through the pairing history.
    paired_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("结对干部"),
        on_delete=models.PROTECT,
        related_name="paired_households",
        null=True,
        blank=True,
        editable=False,
    )

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        ordering = ["village__code", "head_name", "id"]
        indexes = [models.Index(fields=["village", "head_name"], name="household_village_head")]
        constraints = [
            models.CheckConstraint(
                condition=Q(labour_members__lte=models.F("members")), name="household_labour_within_members"
            ),
            models.CheckConstraint(
                condition=Q(registered_poor=True) | Q(registered_poor_year__isnull=True),
                name="household_poor_year_only_if_registered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.village.name}）"

    @property
    def masked_id_number(self) -> str:
        return resident_id.mask(self.id_number)

    def clean(self) -> None:
        errors = {}
        if self.members is not None and self.labour_members is not None and self.labour_members > self.members:
            errors["labour_members"] = _("劳动力人数不能多于家庭人口。")
        if self.registered_poor_year and not self.registered_poor:
            errors["registered_poor_year"] = _("只有建档立卡户才填写建档立卡年度。")
        if errors:
            raise ValidationError(errors)


class Member(DomainModel):
    """A member of a household; the labour-capable ones count towards the skill target (seed 000: 80%)."""

    household = models.ForeignKey(Household, verbose_name=_("农户"), on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("姓名"), max_length=32)
    relation = models.CharField(_("与户主关系"), max_length=16, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    labour_capable = models.BooleanField(_("有劳动能力"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return self.name


class MemberSkill(DomainModel):
    """A money-making skill a member has mastered by a year (掌握一门致富技能)."""

    member = models.ForeignKey(Member, verbose_name=_("家庭成员"), on_delete=models.CASCADE, related_name="skills")
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    skill = models.ForeignKey(Skill, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="+")

    objects = MemberSkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员技能")
        verbose_name_plural = _("成员技能")
        ordering = ["-year", "member", "skill"]
        constraints = [models.UniqueConstraint(fields=["member", "year", "skill"], name="member_skill_once_a_year")]

    def __str__(self) -> str:
        return f"{self.member} {self.year} {self.skill}"


class HouseholdIncome(DomainModel):
    """A household's per-capita net income in a year, set against its village's average line."""

    household = models.ForeignKey(Household, verbose_name=_("农户"), on_delete=models.CASCADE, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    per_capita_net_income = models.DecimalField(
        _("人均纯收入（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000000"))],
    )
    source = models.CharField(_("数据来源"), max_length=128, blank=True)

    objects = HouseholdIncomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("农户收入")
        verbose_name_plural = _("农户收入")
        ordering = ["household", "-year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="household_income_once_a_year")]

    def __str__(self) -> str:
        return f"{self.household} {self.year}"


class Pairing(DomainModel):
    """A cadre paired with a household (结对帮扶). At most one active pairing per household, held by the
    database; a handover ends one pairing and starts the next, which names the one it continues."""

    #: Within this many years an assisted household's income should reach its village's average (seed 000).
    TARGET_YEARS = 2

    cadre = models.ForeignKey(Cadre, verbose_name=_("结对干部"), on_delete=models.PROTECT, related_name="pairings")
    household = models.ForeignKey(Household, verbose_name=_("农户"), on_delete=models.PROTECT, related_name="pairings")
    started_on = models.DateField(_("结对日期"), validators=[programme_date, not_in_future])
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, validators=[programme_date, not_in_future])
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    goals = models.TextField(_("帮扶目标"), blank=True, **text_limit())
    previous = models.OneToOneField(
        "self",
        verbose_name=_("接续的结对"),
        on_delete=models.PROTECT,
        related_name="continued_by",
        null=True,
        blank=True,
        editable=False,
    )

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["cadre", "ended_on"], name="pairing_cadre_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(ended_on__isnull=True), name="pairing_one_active_per_household"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} ↔ {self.household}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def target_year(self) -> int:
        """The year whose income should reach the village's average."""
        return self.started_on.year + self.TARGET_YEARS


class Visit(DomainModel):
    """One entry of the 民情日志: a cadre's visit to a paired household. Once confirmed by the household it is
    never edited in place: corrections are amendments."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("走访")
        TECHNICAL = "technical", _("技术指导")
        POLICY = "policy", _("政策宣传")
        MEDIATION = "mediation", _("矛盾调解")
        PRACTICAL = "practical", _("办实事")

    class Confirmation(models.TextChoices):
        NONE = "none", _("未确认")
        CODE = "code", _("短信验证码确认")
        #: Weaker: drawn on the cadre's own phone when there is no signal.
        SIGNATURE = "signature", _("户主手写签名（较弱）")

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="visits")
    #: The pairing's cadre and household, kept on the visit for the monthly counts and the scoping.
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(Household, verbose_name=_("农户"), on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"), validators=[programme_date, not_in_future])
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.VISIT)
    content = models.TextField(_("走访内容"), **text_limit())
    problems = models.TextField(_("发现问题"), blank=True, **text_limit())
    help_given = models.TextField(_("帮扶措施"), blank=True, **text_limit())
    follow_up_due = models.DateField(_("跟进期限"), null=True, blank=True)
    photo = models.ImageField(_("照片"), upload_to="visits/%Y/%m/", blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    confirmation = models.CharField(
        _("户主确认"), max_length=16, choices=Confirmation.choices, default=Confirmation.NONE, db_index=True
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    signature = models.ImageField(_("户主签名"), upload_to="visit-signatures/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("民情日志")
        verbose_name_plural = _("民情日志")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["cadre", "visited_on"], name="visit_cadre_date"),
            models.Index(fields=["household", "visited_on"], name="visit_household_date"),
            # The 民情日志 list and the API page by this key (core.pagination).
            models.Index(fields=["-visited_on", "-id"], name="visit_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmation="none", confirmed_at__isnull=True)
                | (~Q(confirmation="none") & Q(confirmed_at__isnull=False)),
                name="visit_confirmed_with_time",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="visit_gps_point_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.household} {self.visited_on:%Y-%m-%d}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmation != self.Confirmation.NONE

    def get_absolute_url(self) -> str:
        return reverse("pairing:visit_detail", args=[self.pk])


class Norm(DomainModel):
    """The year's norms for a region and everything under it, set by the organisation department: the village
    days a cadre should spend a month (seed 002: at least 10) and the share of labour-capable assisted people
    who should master a money-making skill (seed 000: 80%). The nearest region up the tree wins; with none,
    the defaults below."""

    DEFAULT_VISIT_DAYS = 10
    DEFAULT_SKILL_SHARE = Decimal("80")

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    visit_days_per_month = models.PositiveSmallIntegerField(
        _("每月驻村天数"), default=DEFAULT_VISIT_DAYS, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    skill_share_percent = models.DecimalField(
        _("掌握致富技能比例目标（%）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SKILL_SHARE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    objects = NormQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶工作标准")
        verbose_name_plural = _("帮扶工作标准")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="pairing_norm_once_a_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    @classmethod
    def for_region(cls, region: Region, year: int) -> "Norm":
        """The norm that applies to ``region`` (a township or a village's township) in ``year``: the one set
        on the nearest region up the tree, else an unsaved norm with the defaults."""
        return cls.for_regions([region], year)[region.pk]

    @classmethod
    def for_regions(cls, regions, year: int) -> dict[int, "Norm"]:
        """``for_region`` for several regions in one query: region id → the norm that applies to it."""
        chains = {region.pk: _codes_up_the_tree(region.code) for region in regions}
        wanted = {code for chain in chains.values() for code in chain}
        found = {
            norm.region.code: norm
            for norm in cls.objects.filter(region__code__in=wanted, year=year).select_related("region")
        }
        result = {}
        for region in regions:
            nearest = next((found[code] for code in chains[region.pk] if code in found), None)
            result[region.pk] = nearest or cls(region=region, year=year)
        return result


def _codes_up_the_tree(code: str) -> list[str]:
    """``code`` and the codes of the regions above it (county, city, province), nearest first."""
    return list(dict.fromkeys(code[:n].ljust(12, "0") for n in (12, 9, 6, 4, 2)))


class VisitCode(models.Model):
    """A confirmation code sent to the household's registered phone; stored hashed, tried a few times only."""

    MAX_ATTEMPTS = 5
    VALID_MINUTES = 30

    visit = models.ForeignKey(Visit, verbose_name=_("民情日志"), on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(_("验证码摘要"), max_length=128)
    phone = models.CharField(_("发送号码"), max_length=11)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    objects = InternalQuerySet.as_manager()

    class Meta:
        verbose_name = _("确认验证码")
        verbose_name_plural = _("确认验证码")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.sent_at:%Y-%m-%d %H:%M}"


class VisitAmendment(DomainModel):
    """A correction of a confirmed visit: who, when (created_at), why, and each field's old → new value."""

    visit = models.ForeignKey(Visit, verbose_name=_("民情日志"), on_delete=models.PROTECT, related_name="amendments")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更正人"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("更正原因"), **text_limit(500))
    #: {field name: [old, new]} as the visit page shows them.
    changes = models.JSONField(_("更正内容"), default=dict)

    objects = VisitAmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("民情日志更正")
        verbose_name_plural = _("民情日志更正")
        ordering = ["visit", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.visit} {self.created_at:%Y-%m-%d}"
