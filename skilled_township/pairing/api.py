"""Households, incomes, pairings and visits (scoped).

Households, their members and incomes: read by the programme's readers in their scope, written by those who
register them (``pairing.manage``), with the pages' rules: the resident ID masked for anyone else, the same
duplicate checks and messages (``services.households``), one income a household a year."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core import resident_id
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from .filters.households import HouseholdFilter
from .filters.pairings import PairingFilter as PairingPageFilter
from .filters.visits import VisitFilter
from .models import Household, HouseholdIncome, Member, Pairing, Visit, VisitAmendment
from .services import confirmation, targets
from .services import households as household_rules
from .services import pairings as pairing_rules
from .services import visits as visit_services


@extend_schema_field({"type": "string", "example": "4312**********1234"})
class HouseholdIdField(serializers.CharField):
    """The full resident ID for those who register households (``pairing.manage``), masked for others."""

    def to_representation(self, value):
        user = getattr(self.context.get("request"), "user", None)
        return value if user is not None and user.has_role_perm("pairing.manage") else resident_id.mask(value)


class HouseholdSerializer(ScopedModelSerializer):
    id_number = HouseholdIdField(label=_("户主身份证号码"), max_length=18)
    village_name = serializers.CharField(source="village.name", read_only=True)
    township_name = serializers.CharField(source="village.parent.name", read_only=True)
    paired_cadre_name = serializers.SerializerMethodField(label=_("结对干部"))
    confirm_namesake = serializers.BooleanField(
        label=household_rules.NAMESAKE_CONFIRMATION,
        write_only=True,
        required=False,
        default=False,
    )

    class Meta:
        model = Household
        fields = [
            "id",
            "village",
            "village_name",
            "township_name",
            "head_name",
            "id_number",
            "phone",
            "members",
            "labour_members",
            "registered_poor",
            "registered_poor_year",
            "main_industry",
            "note",
            "paired_cadre",
            "paired_cadre_name",
            "confirm_namesake",
        ]
        read_only_fields = ["paired_cadre"]
        derived_fields = ["id_number", "head_name"]
        validators = []  # the resident ID's uniqueness is checked with the pages' message

    @extend_schema_field({"type": "string", "nullable": True})
    def get_paired_cadre_name(self, household) -> str | None:
        return household.paired_cadre.name if household.paired_cadre_id else None

    def limit_choices(self):
        self.fields["village"].queryset = self.fields["village"].queryset.villages()

    def validate(self, attrs):
        self._namesake_confirmed = attrs.pop("confirm_namesake", False)
        return super().validate(attrs)

    def prepare_instance(self, instance, attrs):
        household_rules.normalise(instance)
        errors = household_rules.duplicate_errors(instance, by=self.user, namesake_confirmed=self._namesake_confirmed)
        if errors:
            raise ValidationError({name: [message] for name, message in errors.items()})


class HouseholdViewSet(ScopedModelViewSet):
    queryset = Household.objects.select_related("village__parent", "paired_cadre").order_by("village__code", "id")
    serializer_class = HouseholdSerializer
    filterset_class = page_filters(HouseholdFilter)
    view_permission, manage_permission = "pairing.view", "pairing.manage"
    ordering_fields = ["head_name", "members"]


class MemberSerializer(ScopedModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "household", "name", "relation", "birth_year", "labour_capable"]
        create_only_fields = ["household"]


class MemberViewSet(ScopedModelViewSet):
    queryset = Member.objects.select_related("household").order_by("household", "id")
    serializer_class = MemberSerializer
    view_permission, manage_permission = "pairing.view", "pairing.manage"
    filterset_fields = ["household", "labour_capable"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]


class HouseholdIncomeSerializer(ScopedModelSerializer):
    class Meta:
        model = HouseholdIncome
        fields = ["id", "household", "year", "per_capita_net_income", "source"]
        create_only_fields = ["household"]
        validators = []  # one a household a year: checked below with the pages' message

    def validate(self, attrs):
        # Before the model's own check, whose message would not say which year nor what to do.
        household = attrs.get("household", getattr(self.instance, "household", None))
        year = attrs.get("year", getattr(self.instance, "year", None))
        taken = HouseholdIncome.objects.filter(household=household, year=year)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if household is not None and year and taken.exists():
            raise ValidationError({"year": [household_rules.income_duplicate_message(year)]})
        return super().validate(attrs)


class HouseholdIncomeViewSet(ScopedModelViewSet):
    queryset = HouseholdIncome.objects.select_related("household").order_by("-year", "household", "id")
    serializer_class = HouseholdIncomeSerializer
    view_permission, manage_permission = "pairing.view", "pairing.manage"
    filterset_fields = ["household", "year"]
    ordering_fields = ["year", "per_capita_net_income"]


class PairingSerializer(ScopedModelSerializer):
    """A pairing as the pages show it. Written only through the actions ``pair``, ``end`` and ``handover``."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    household_name = serializers.CharField(source="household.head_name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    target_year = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pairing
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "household",
            "household_name",
            "started_on",
            "ended_on",
            "end_reason",
            "goals",
            "previous",
            "is_active",
            "target_year",
        ]
        read_only_fields = fields


class PairSerializer(serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.all())
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    started_on = serializers.DateField()
    goals = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(max_length=200)


class HandoverSerializer(serializers.Serializer):
    pairings = serializers.PrimaryKeyRelatedField(queryset=Pairing.objects.all(), many=True)
    to = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    on = serializers.DateField()


PairingFilter = page_filters(PairingPageFilter)


WRITES = {"http_method_names": ["post", "options"], "filter_backends": [], "pagination_class": None}


class PairingViewSet(ScopedModelViewSet):
    """Pairings in scope (``target_status`` filters by 达标/按期/滞后/未录入). Writes go through the same rules as the
    pages: ``pair`` starts one (a household already paired is a 400, also when two requests race), ``end``
    ends one, ``handover`` moves chosen pairings to another in-post cadre of the township in one step."""

    queryset = Pairing.objects.select_related("cadre", "household")
    serializer_class = PairingSerializer
    filterset_class = PairingFilter
    view_permission, manage_permission = "pairing.view", "pairing.manage"
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["started_on", "id"]

    def get_queryset(self):
        return targets.with_targets(super().get_queryset()).order_by("-started_on", "-id")

    def get_serializer_class(self):
        return {"pair": PairSerializer, "end": EndSerializer, "handover": HandoverSerializer}.get(
            self.action, PairingSerializer
        )

    def shown(self, rows, many=False, code=status.HTTP_200_OK):
        data = PairingSerializer(rows, many=many, context=self.get_serializer_context()).data
        return Response(data, status=code)

    def refuse(self, refused: pairing_rules.PairingRefused):
        raise serializers.ValidationError({"non_field_errors": [refused.message]})

    @extend_schema(
        request=PairSerializer,
        responses={201: PairingSerializer},
        description=_("结对：农户与本乡镇在岗干部结对；农户已有进行中的结对时（包括两个请求同时提交）返回 400。"),
    )
    @action(detail=False, methods=["post"], url_path="pair", url_name="pair", **WRITES)
    def pair(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with self.acting():
                pairing = pairing_rules.pair(
                    data["household"], data["cadre"], started_on=data["started_on"], goals=data.get("goals", "")
                )
        except pairing_rules.PairingRefused as refused:
            self.refuse(refused)
        return self.shown(pairing, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=EndSerializer,
        responses={200: PairingSerializer},
        description=_("结束一个进行中的结对：日期与原因。"),
    )
    @action(detail=True, methods=["post"], url_path="end", url_name="end", **WRITES)
    def end(self, request, pk=None):
        pairing = get_object_or_404(Pairing.objects.visible_to(request.user), pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with self.acting():
                pairing = pairing_rules.end(pairing, ended_on=data["ended_on"], reason=data["end_reason"])
        except pairing_rules.PairingRefused as refused:
            self.refuse(refused)
        return self.shown(pairing)

    @extend_schema(
        request=HandoverSerializer,
        responses={201: PairingSerializer(many=True)},
        description=_(
            "交接：所选结对一次交给本乡镇另一名在岗干部，原结对以“交接”结束，新结对接续原结对；全部成功或一条也不办。"
        ),
    )
    @action(detail=False, methods=["post"], url_path="handover", url_name="handover", **WRITES)
    def handover(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with self.acting():
                moved = pairing_rules.handover(data["pairings"], to=data["to"], on=data["on"])
        except pairing_rules.PairingRefused as refused:
            self.refuse(refused)
        return self.shown(moved, many=True, code=status.HTTP_201_CREATED)


class TargetSerializer(serializers.ModelSerializer):
    """One pairing's income target (rules in ``services.targets``)."""

    household_name = serializers.CharField(source="household.head_name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    status = serializers.CharField(source="target_status", read_only=True)
    income = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    income_year = serializers.IntegerField(read_only=True, allow_null=True)
    line = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    gap = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    target_year = serializers.IntegerField(source="target_year_value", read_only=True)
    needed_growth_percent = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = [
            "id",
            "household",
            "household_name",
            "cadre",
            "cadre_name",
            "status",
            "income",
            "income_year",
            "line",
            "gap",
            "target_year",
            "needed_growth_percent",
            "missing",
        ]
        read_only_fields = fields

    def get_needed_growth_percent(self, pairing) -> float | None:
        needed = targets.target_of(pairing).needed_growth
        return None if needed is None else float(needed)

    def get_missing(self, pairing) -> str:
        return targets.target_of(pairing).missing


class TargetStatusViewSet(ScopedModelViewSet):
    """Read only: the income target of every active pairing in scope, the largest gap first
    (``?status=behind``: one status)."""

    queryset = Pairing.objects.select_related("cadre", "household")
    serializer_class = TargetSerializer
    view_permission, manage_permission = "pairing.view", "pairing.manage"
    http_method_names = ["get", "head", "options"]
    filter_backends = []

    def get_queryset(self):
        rows = targets.with_targets(super().get_queryset().active())
        asked = self.request.query_params.get("status", "")
        if asked in targets.TargetStatus.values:
            rows = rows.filter(target_status=asked)
        return rows.order_by(F("gap").desc(nulls_last=True), "id")


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).


def _drf(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({k: v for k, v in error.message_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


# --- Visits (民情日志) ------------------------------------------------------------------------------------------


class VisitSerializer(ScopedModelSerializer):
    """A visit. Its household's confirmation is never written here: only the ``send-code`` and ``confirm``
    actions (the code the household's phone received) and the signature page confirm a visit."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    household_name = serializers.CharField(source="household.head_name", read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "pairing",
            "cadre",
            "cadre_name",
            "household",
            "household_name",
            "visited_on",
            "kind",
            "content",
            "problems",
            "help_given",
            "follow_up_due",
            "latitude",
            "longitude",
            "photo",
            "confirmation",
            "confirmed_at",
            "signature",
            "recorded_by",
        ]
        read_only_fields = [
            "cadre",
            "household",
            "photo",
            "confirmation",
            "confirmed_at",
            "signature",
            "recorded_by",
        ]
        create_only_fields = ["pairing"]

    def prepare_instance(self, instance, attrs):
        if instance.pk is None and instance.pairing_id:
            instance.cadre_id, instance.household_id = instance.pairing.cadre_id, instance.pairing.household_id
            instance.recorded_by = self.user

    def validate(self, attrs):
        attrs = super().validate(attrs)
        visit = Visit(pk=self.instance.pk, pairing=self.instance.pairing) if self.instance else Visit()
        for name in visit_services.EDITABLE_FIELDS if self.instance else ():
            setattr(visit, name, getattr(self.instance, name))
        for name, value in attrs.items():
            setattr(visit, name, value)
        try:
            if self.instance is None:
                visit_services.check_pairing_for(self.user, visit.pairing)
            visit_services.check_visit(visit)
        except DjangoValidationError as error:
            raise _drf(error) from None
        return attrs

    def create(self, validated_data):
        try:
            return visit_services.record_visit(Visit(**validated_data), by=self.user)
        except DjangoValidationError as error:
            raise _drf(error) from None

    def update(self, instance, validated_data):
        if instance.is_confirmed:
            raise ValidationError(
                {"non_field_errors": [_("已确认的民情日志不能直接修改，请提交更正（visit-amendments）并说明原因。")]}
            )
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            return visit_services.update_visit(instance, by=self.user)
        except DjangoValidationError as error:
            raise _drf(error) from None


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=confirmation.CODE_DIGITS)


class VisitViewSet(ScopedModelViewSet):
    """A cadre reads and logs only their own visits; the township and the department theirs in scope."""

    queryset = Visit.objects.select_related("cadre", "household")
    serializer_class = VisitSerializer
    filterset_class = page_filters(VisitFilter)
    view_permission, manage_permission = "pairing.read_visits", "pairing.visit"
    keyset = ("-visited_on", "-id")  # index visit_order, as the list page

    @extend_schema(
        request=None,
        responses=None,
        description=_("向农户登记的手机发送确认验证码（之前发送的验证码随之作废；发送次数有限制）。"),
    )
    @action(detail=True, methods=["post"], url_path="send-code")
    def send_code(self, request, pk=None):
        visit = self.get_object()
        with self.acting():
            try:
                confirmation.send_code(visit, by=request.user)
            except DjangoValidationError as error:
                raise _drf(error) from None
        return Response({"sent": True})

    @extend_schema(
        request=CodeSerializer,
        responses=VisitSerializer,
        description=_("用农户手机收到的验证码确认民情日志；验证码有时效，尝试次数有限。"),
    )
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request, pk=None):
        visit = self.get_object()
        body = CodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.acting():
            try:
                visit = confirmation.confirm_with_code(visit, body.validated_data["code"], by=request.user)
            except DjangoValidationError as error:
                raise _drf(error) from None
        return Response(self.get_serializer(visit).data)


# --- Amendments ----------------------------------------------------------------------------------------------


class VisitAmendmentSerializer(ScopedModelSerializer):
    """A correction of a confirmed visit: give the visit, the reason and the fields to change."""

    visited_on = serializers.DateField(write_only=True, required=False)
    kind = serializers.ChoiceField(choices=Visit.Kind.choices, write_only=True, required=False)
    content = serializers.CharField(write_only=True, required=False, max_length=2000)
    problems = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=2000)
    help_given = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=2000)
    follow_up_due = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = VisitAmendment
        fields = ["id", "visit", "amended_by", "reason", "changes", "created_at", *visit_services.AMENDABLE_FIELDS]
        read_only_fields = ["amended_by", "changes", "created_at"]

    def prepare_instance(self, instance, attrs):
        instance.amended_by = self.user
        visit = attrs.get("visit")
        if visit is not None:
            changes = {name: attrs[name] for name in visit_services.AMENDABLE_FIELDS if name in attrs}
            try:
                instance.changes = visit_services.amendment_changes(visit, changes)
            except DjangoValidationError as error:
                raise _drf(error) from None

    def create(self, validated_data):
        changes = {name: validated_data[name] for name in visit_services.AMENDABLE_FIELDS if name in validated_data}
        try:
            return visit_services.amend_visit(
                validated_data["visit"], changes, validated_data.get("reason", ""), by=self.user
            )
        except DjangoValidationError as error:
            raise _drf(error) from None


class VisitAmendmentViewSet(ScopedModelViewSet):
    queryset = VisitAmendment.objects.select_related("amended_by").order_by("visit", "created_at", "id")
    serializer_class = VisitAmendmentSerializer
    filterset_fields = ["visit"]
    view_permission, manage_permission = "pairing.read_visits", "pairing.visit"
    http_method_names = ["get", "post", "head", "options"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).


routes = [
    ("households", HouseholdViewSet, "household"),
    ("household-members", MemberViewSet, "household-member"),
    ("household-incomes", HouseholdIncomeViewSet, "household-income"),
    ("pairings", PairingViewSet, "pairing"),
    ("pairing-targets", TargetStatusViewSet, "pairing-target"),
    ("visits", VisitViewSet, "visit"),
    ("visit-amendments", VisitAmendmentViewSet, "visit-amendment"),
]
