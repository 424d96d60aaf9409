"""Households, incomes, pairings and visits (scoped)."""

from django.db.models import F
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from skilled_township.cadres.models import Cadre
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from .filters.pairings import PairingFilter as PairingPageFilter
from .models import Household, Pairing
from .services import pairings as pairing_rules
from .services import targets


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
        description=gettext_lazy(
            "结对：农户与本乡镇在岗干部结对；农户已有进行中的结对时（包括两个请求同时提交）返回 400。"
        ),
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
        description=gettext_lazy("结束一个进行中的结对：日期与原因。"),
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
        description=gettext_lazy(
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
routes = [
    ("pairings", PairingViewSet, "pairing"),
    ("pairing-targets", TargetStatusViewSet, "pairing-target"),
]
