"""Township cadres (乡镇干部), secondments (挂职) and education-structure targets."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skilled_township.accounts.models import User
from skilled_township.core import resident_id
from skilled_township.core.models import DomainModel
from skilled_township.core.validators import (
    career_date,
    mobile_validator,
    not_in_future,
    text_limit,
    year_validators,
)
from skilled_township.regions.models import Region

from .querysets import CadreQuerySet, EducationTargetQuerySet, SecondmentQuerySet, TransferRequestQuerySet


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Position(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("党委书记")
    MAYOR = "mayor", _("镇长")
    LEADERSHIP = "leadership", _("班子成员")
    STAFF = "staff", _("一般干部")
    STATION_HEAD = "station_head", _("站所负责人")
    VILLAGE_SECRETARY = "village_secretary", _("村党组织书记")
    VILLAGE_CADRE = "village_cadre", _("村干部")
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    COLLEGE_GRADUATE = "college_graduate", _("大学生村官")
    TECH_DEPUTY = "tech_deputy", _("科技副镇长（挂职）")


#: Positions that make up the township leadership team (班子成员), the party secretary included.
LEADERSHIP_POSITIONS = frozenset({Position.PARTY_SECRETARY, Position.MAYOR, Position.LEADERSHIP})
#: The township's other cadres (其他乡镇干部): those who work for the township but are not on its team.
OTHER_TOWNSHIP_POSITIONS = frozenset({Position.STAFF, Position.STATION_HEAD, Position.TECH_DEPUTY})
#: Posts in a village: on the township's roster, but not township cadres.
VILLAGE_POSITIONS = frozenset(
    {Position.VILLAGE_SECRETARY, Position.VILLAGE_CADRE, Position.FIRST_SECRETARY, Position.COLLEGE_GRADUATE}
)


class ReserveLevel(models.TextChoices):
    """Whether a cadre is a reserve cadre (后备干部), and for which level's posts (seed 001 sets a target for each)."""

    NONE = "", _("否")
    TOWNSHIP = "township", _("乡镇后备干部")
    VILLAGE = "village", _("村级后备干部")


class Education(models.IntegerChoices):
    """Highest education, ordered so that ``>= Education.JUNIOR_COLLEGE`` means 大专以上."""

    JUNIOR_HIGH = 1, _("初中及以下")
    SENIOR_HIGH = 2, _("高中/中专")
    JUNIOR_COLLEGE = 3, _("大专")
    BACHELOR = 4, _("本科")
    POSTGRADUATE = 5, _("研究生")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE_MEMBER = "league_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    MASSES = "masses", _("群众")


class Cadre(DomainModel):
    class Status(models.TextChoices):
        IN_POST = "in_post", _("在岗")
        LEFT = "left", _("离岗")

    township = models.ForeignKey(
        Region,
        verbose_name=_("乡镇"),
        on_delete=models.PROTECT,
        related_name="cadres",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    name = models.CharField(_("姓名"), max_length=32, db_index=True)
    id_number = models.CharField(
        _("身份证号码"), max_length=18, unique=True, validators=[resident_id.validate_resident_id]
    )
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    mobile = models.CharField(_("手机号码"), max_length=11, validators=[mobile_validator])
    position = models.CharField(_("职务类别"), max_length=32, choices=Position.choices, db_index=True)
    education = models.PositiveSmallIntegerField(_("学历"), choices=Education.choices, db_index=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=32, choices=PoliticalStatus.choices, default=PoliticalStatus.PARTY_MEMBER
    )
    reserve_level = models.CharField(
        _("后备干部"),
        max_length=16,
        choices=ReserveLevel.choices,
        default=ReserveLevel.NONE,
        blank=True,
        db_index=True,
        help_text=_("乡镇后备干部：乡镇领导岗位的后备人选；村级后备干部：村两委岗位的后备人选。"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.IN_POST, db_index=True)
    left_on = models.DateField(_("离岗日期"), null=True, blank=True, validators=[career_date, not_in_future])
    note = models.TextField(_("备注"), blank=True, **text_limit())

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["township__code", "name", "id"]
        indexes = [models.Index(fields=["township", "status", "name"], name="cadre_township_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return resident_id.mask(self.id_number)

    #: What a roster keeper enters about a cadre, on the roster page and through the API.
    ENTERED_FIELDS = (
        "township",
        "name",
        "id_number",
        "mobile",
        "position",
        "education",
        "political_status",
        "reserve_level",
        "status",
        "left_on",
        "note",
    )
    #: Filled from the resident ID when the row is cleaned, never entered (so they cannot disagree with it).
    DERIVED_FROM_ID = ("gender", "birth_date")

    def apply_resident_id(self) -> None:
        """Normalise the resident ID and take gender and birth date from it. A bad ID is left for its field's
        validator to report; gender and birth date stay as they were."""
        self.id_number = resident_id.normalise(self.id_number)
        try:
            resident_id.validate_resident_id(self.id_number)
        except ValidationError:
            return
        self.gender = resident_id.gender(self.id_number)
        self.birth_date = resident_id.birth_date(self.id_number)

    @property
    def is_reserve(self) -> bool:
        return bool(self.reserve_level)

    @property
    def is_in_post(self) -> bool:
        """Only a cadre in post may sign in: one who leaves loses their account's access."""
        return self.status == self.Status.IN_POST

    def clean_fields(self, exclude=None) -> None:
        # Gender and birth date are checked through the ID they come from: a bad ID is reported once, on the ID.
        super().clean_fields(exclude={*(exclude or ()), *self.DERIVED_FROM_ID})

    #: Set when the ID entered for a new cadre is on a roster outside the user's scope: the entry becomes a
    #: transfer request (``TransferRequest``) instead of a second cadre, so the number is not refused as taken.
    transfer_requested = False

    def validate_unique(self, exclude=None) -> None:
        if self.transfer_requested:
            exclude = {*(exclude or ()), "id_number"}
        super().validate_unique(exclude)

    def clean(self) -> None:
        super().clean()
        self.apply_resident_id()
        errors = {}
        if self.township_id and self.township.level != Region.Level.TOWNSHIP:
            errors["township"] = _("干部必须隶属于乡镇。")
        if self.status == self.Status.LEFT and not self.left_on:
            errors["left_on"] = _("离岗的干部请填写离岗日期。")
        if self.status == self.Status.IN_POST and self.left_on:
            errors["left_on"] = _("在岗干部不应有离岗日期。")
        if self.left_on and self.birth_date and self.left_on < self.birth_date:
            errors["left_on"] = _("离岗日期不能早于出生日期。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.apply_resident_id()
        moved = not self._state.adding
        super().save(*args, **kwargs)
        if moved:
            self._move_account_with_cadre()

    def _move_account_with_cadre(self) -> None:
        """A cadre's account sees what their township publishes: it follows them when they move township."""
        for account in User.objects.filter(cadre=self).exclude(scope_id=self.township_id):
            account.scope_id = self.township_id
            account.save(update_fields=["scope"])  # audited as a permission change

    def get_absolute_url(self) -> str:
        return reverse("cadres:cadre_detail", args=[self.pk])


class Secondment(DomainModel):
    """A cadre seconded to a township (挂职): a tech deputy head serves the township two years, a first secretary
    is posted to one of its villages for a year. The township is the cadre's (the roster they are on)."""

    class Kind(models.TextChoices):
        TECH_DEPUTY = "tech_deputy", _("科技副镇长")
        FIRST_SECRETARY = "first_secretary", _("第一书记")

    class Status(models.TextChoices):
        """Where a term stands on a given day (``status_on``); ending soon is a part of active."""

        UPCOMING = "upcoming", _("未到任")
        ACTIVE = "active", _("在任")
        ENDING_SOON = "ending_soon", _("即将期满")
        ENDED = "ended", _("已期满")

    #: Term in years by kind (seed 000: 科技副镇长 two-year term; 第一书记 one year).
    TERM_YEARS = {Kind.TECH_DEPUTY: 2, Kind.FIRST_SECRETARY: 1}
    #: A term that ends within this many days (today included) is flagged, so a successor can be sent in time.
    ENDING_SOON_DAYS = 60

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="secondments")
    kind = models.CharField(_("挂职类型"), max_length=32, choices=Kind.choices)
    #: Where a first secretary serves: a village of the cadre's township. Rows entered before the field existed
    #: have none (shown as 未登记); every save from then on must name one for a first secretary.
    village = models.ForeignKey(
        Region,
        verbose_name=_("驻村"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": Region.Level.VILLAGE},
        help_text=_("第一书记必填：所在乡镇的一个村。科技副镇长派驻乡镇，不填。"),
    )
    sending_unit = models.CharField(_("派出单位"), max_length=128)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), blank=True)
    longer_term_reason = models.TextField(
        _("超期理由"),
        blank=True,
        **text_limit(500),
        help_text=_("任期长于规定（科技副镇长两年、第一书记一年）时必填。"),
    )
    team_members = models.TextField(
        _("团队成员"), blank=True, **text_limit(), help_text=_("科技副镇长可带领小型技术团队，每行一人。")
    )
    living_allowance = models.DecimalField(
        _("生活补助（元/月）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    objects = SecondmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂职")
        verbose_name_plural = _("挂职")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["end_date"], name="secondment_end_date")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()}"

    def term_end(self) -> datetime.date:
        """The last day of the term the policy sets for this kind, counted from the start date."""
        years = self.TERM_YEARS[self.kind]
        if self.start_date.year + years > datetime.MAXYEAR:  # a start in the calendar's last years: no end to it
            return datetime.date.max
        try:
            return self.start_date.replace(year=self.start_date.year + years) - datetime.timedelta(days=1)
        except ValueError:  # 29 February
            return self.start_date.replace(year=self.start_date.year + years, day=28)

    def exceeds_policy(self) -> bool:
        """Whether the term entered runs past the one the policy sets (``TERM_YEARS``)."""
        if not (self.start_date and self.end_date and self.kind in self.TERM_YEARS):
            return False
        return self.end_date > self.term_end()

    def days_left(self, today: datetime.date) -> int:
        """Days from ``today`` to the last day of the term: 0 on that day, negative once it has passed."""
        return (self.end_date - today).days

    def status_on(self, today: datetime.date) -> str:
        """``Status`` of the term on ``today`` (the same bounds as ``SecondmentQuerySet.with_status``)."""
        left = self.days_left(today)
        if left < 0:
            return self.Status.ENDED
        if left <= self.ENDING_SOON_DAYS:
            return self.Status.ENDING_SOON
        if self.start_date > today:
            return self.Status.UPCOMING
        return self.Status.ACTIVE

    @property
    def village_missing(self) -> bool:
        """A first secretary entered before the village was asked for: shown as 未登记 until edited."""
        return self.kind == self.Kind.FIRST_SECRETARY and self.village_id is None

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.kind and not self.end_date:
            self.end_date = self.term_end()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        elif self.exceeds_policy() and not self.longer_term_reason.strip():
            errors["longer_term_reason"] = _(
                "任期超过规定的%(years)s年（应于 %(end)s 结束）：请填写超期理由，或缩短结束日期。"
            ) % {"years": self.TERM_YEARS[self.kind], "end": self.term_end().isoformat()}
        village_error = self.village_error()
        if village_error:
            errors["village"] = village_error
        if errors:
            raise ValidationError(errors)

    def village_error(self) -> str | None:
        """Why the village does not fit the kind and the cadre's township, if it does not."""
        if self.kind == self.Kind.FIRST_SECRETARY and self.village_id is None:
            return _("第一书记须填写驻村：所在乡镇的一个村。")
        if self.kind == self.Kind.TECH_DEPUTY and self.village_id is not None:
            return _("科技副镇长派驻乡镇，不驻村：请清空“驻村”。")
        if self.village_id is not None and self.cadre_id is not None:
            township = self.cadre.township
            if self.village.parent_id != township.pk:
                return _("所选的村不在该干部所在的乡镇（%(township)s）。") % {"township": township.name}
        return None

    def save(self, *args, **kwargs):
        if self.start_date and self.kind and not self.end_date:
            self.end_date = self.term_end()
        super().save(*args, **kwargs)


def this_year() -> int:
    return timezone.localdate().year


class EducationTarget(DomainModel):
    """For one year, the share of a group of cadres under a region that should hold at least an education.

    The six groups and their defaults are seed 001's (``SEED_TARGETS``); who belongs to which group is
    ``Group.members`` (``GROUP_POSITIONS``, ``GROUP_RESERVE_LEVELS``). A region's structure is measured against
    the target configured for that year nearest above it (the region's own, else its county's, else the
    city's), else the seed's.
    """

    class Group(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", _("乡镇党委书记")
        LEADERSHIP = "leadership", _("班子成员")
        OTHERS = "others", _("其他乡镇干部")
        VILLAGE_SECRETARY = "village_secretary", _("村党组织书记")
        TOWNSHIP_RESERVE = "township_reserve", _("乡镇后备干部")
        VILLAGE_RESERVE = "village_reserve", _("村级后备干部")

        @property
        def members(self) -> Q:
            """Who is counted in the group among a region's in-post cadres: see ``GROUP_POSITIONS`` and
            ``GROUP_RESERVE_LEVELS``."""
            if self in GROUP_POSITIONS:
                return Q(position__in=GROUP_POSITIONS[self])
            return Q(reserve_level=GROUP_RESERVE_LEVELS[self])

        @property
        def member_positions(self) -> list[Position]:
            """The posts counted in the group, in the roster's order (none for the reserve groups)."""
            return [position for position in Position if position in GROUP_POSITIONS.get(self, ())]

        @property
        def seed_target(self) -> tuple[int, Decimal]:
            """(least education, target percent) where no target is configured."""
            return SEED_TARGETS[self]

    region = models.ForeignKey(
        Region, verbose_name=_("适用范围"), on_delete=models.PROTECT, related_name="education_targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"), default=this_year, validators=year_validators())
    group = models.CharField(_("干部群体"), max_length=20, choices=Group.choices)
    min_education = models.PositiveSmallIntegerField(
        _("学历要求"),
        choices=Education.choices,
        blank=True,
        help_text=_("达到此学历及以上才计入达标；不填则按该群体的默认要求。"),
    )
    target_percent = models.DecimalField(
        _("目标比例（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    objects = EducationTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("学历结构目标")
        verbose_name_plural = _("学历结构目标")
        ordering = ["-year", "region__code", "group"]
        constraints = [models.UniqueConstraint(fields=["region", "group", "year"], name="education_target_once_a_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_group_display()} ≥ {self.target_percent}%"

    def clean(self) -> None:
        super().clean()
        self.fill_min_education()
        if self.region_id and self.region.level == Region.Level.VILLAGE:
            raise ValidationError({"region": _("学历结构目标适用于市、县（市、区）或乡镇。")})

    def fill_min_education(self) -> None:
        if self.min_education in (None, "") and self.group in self.Group.values:
            self.min_education = self.Group(self.group).seed_target[0]

    def save(self, *args, **kwargs):
        self.fill_min_education()
        super().save(*args, **kwargs)


#: The groups by post (seed 001 names them by post). The leadership team (班子成员) includes the party secretary:
#: seed 001 measures the secretary ("一把手") and the team as a whole ("班子整体"), and the team's current share
#: it quotes (64%) is the whole team's. So a party secretary is counted in both groups. The other township
#: cadres are those who work for the township off its team; other village posts (村干部, 第一书记, 大学生村官)
#: are in no group by post.
GROUP_POSITIONS: dict[str, frozenset[str]] = {
    EducationTarget.Group.PARTY_SECRETARY: frozenset({Position.PARTY_SECRETARY}),
    EducationTarget.Group.LEADERSHIP: LEADERSHIP_POSITIONS,
    EducationTarget.Group.OTHERS: OTHER_TOWNSHIP_POSITIONS,
    EducationTarget.Group.VILLAGE_SECRETARY: frozenset({Position.VILLAGE_SECRETARY}),
}
#: The groups by the 后备干部 column, whatever the cadre's post: a reserve is also counted in their post's group.
GROUP_RESERVE_LEVELS: dict[str, str] = {
    EducationTarget.Group.TOWNSHIP_RESERVE: ReserveLevel.TOWNSHIP,
    EducationTarget.Group.VILLAGE_RESERVE: ReserveLevel.VILLAGE,
}
#: Seed 001 (素质升级工程): 乡镇党委书记全部大学以上; 班子成员大专以上 90%; 其他乡镇干部大专以上 80%; 村党组织书记
#: 高中（含中专）以上 80%; 乡镇后备干部大专以上 95%; 村级后备干部高中（含中专）以上 90%.
SEED_TARGETS: dict[str, tuple[int, Decimal]] = {
    EducationTarget.Group.PARTY_SECRETARY: (Education.BACHELOR, Decimal("100")),
    EducationTarget.Group.LEADERSHIP: (Education.JUNIOR_COLLEGE, Decimal("90")),
    EducationTarget.Group.OTHERS: (Education.JUNIOR_COLLEGE, Decimal("80")),
    EducationTarget.Group.VILLAGE_SECRETARY: (Education.SENIOR_HIGH, Decimal("80")),
    EducationTarget.Group.TOWNSHIP_RESERVE: (Education.JUNIOR_COLLEGE, Decimal("95")),
    EducationTarget.Group.VILLAGE_RESERVE: (Education.SENIOR_HIGH, Decimal("90")),
}


class TransferRequest(DomainModel):
    """A township asks for a cadre who is on another township's roster (调入申请). The ID number is unique
    city-wide, so the requester learns only that the person is registered somewhere; where, and anything else
    about them, is for the organisation department whose scope holds both townships to see and decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("已拒绝")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="transfer_requests")
    to_township = models.ForeignKey(
        Region,
        verbose_name=_("调入乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    #: The name as the requester typed it, for the decider to compare with the roster.
    entered_name = models.CharField(_("申请填写的姓名"), max_length=32)
    requested_by = models.ForeignKey(User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = TransferRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("调入申请")
        verbose_name_plural = _("调入申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "to_township"], condition=Q(status="pending"), name="transfer_request_pending_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entered_name} → {self.to_township}"
