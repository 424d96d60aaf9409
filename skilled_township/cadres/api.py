"""The cadre roster and secondments. Cadres are never deleted (their records refer to them): they leave post."""

from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from skilled_township.core import resident_id
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from . import filters as page
from .models import Cadre, Secondment
from .services import transfers


@extend_schema_field({"type": "string", "example": "4312**********1234"})
class ResidentIdField(serializers.CharField):
    """The full resident ID for those who keep the roster (``cadres.view_id_number``), masked for others."""

    def to_representation(self, value):
        return value if may_see_full_id(self.context) else resident_id.mask(value)


def may_see_full_id(context) -> bool:
    user = getattr(context.get("request"), "user", None)
    return user is not None and user.has_role_perm("cadres.view_id_number")


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class BirthDateField(serializers.DateField):
    """The whole birth date only beside the whole ID: with the masked number it would leave just the county
    digits and the check digit to guess. Others get ``null`` and read ``birth_year``."""

    def to_representation(self, value):
        return super().to_representation(value) if may_see_full_id(self.context) else None


class CadreSerializer(ScopedModelSerializer):
    id_number = ResidentIdField(
        label=_("身份证号码"),
        max_length=18,
        help_text=_("18位；性别与出生日期由此得出。无权查看者看到的是遮盖后的号码。"),
    )
    township_name = serializers.CharField(source="township.name", read_only=True)
    birth_date = BirthDateField(
        label=_("出生日期"), read_only=True, help_text=_("由身份证号码得出；无权查看完整号码者为 null，见出生年份。")
    )
    birth_year = serializers.IntegerField(source="birth_date.year", label=_("出生年份"), read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "township_name", *Cadre.ENTERED_FIELDS, *Cadre.DERIVED_FROM_ID, "birth_year"]
        # Taken from the resident ID by the model while it is cleaned (``Cadre.apply_resident_id``).
        read_only_fields = list(Cadre.DERIVED_FROM_ID)
        derived_fields = ["id_number", *Cadre.DERIVED_FROM_ID]

    transfer_of = None

    def prepare_instance(self, instance, attrs):
        # A new cadre whose ID is on a roster outside the user's scope becomes a transfer request (see the view).
        if self.instance is None and self.user is not None:
            self.transfer_of = transfers.registered_elsewhere(instance.id_number, self.user)
        instance.transfer_requested = self.transfer_of is not None


class CadreViewSet(ScopedModelViewSet):
    queryset = Cadre.objects.select_related("township").order_by("township__code", "name", "id")
    serializer_class = CadreSerializer
    # The roster page's filters: q, township, position, education, reserve_level, status, skill, has_certificate.
    filterset_class = page_filters(page.CadreFilter)
    view_permission, manage_permission = "cadres.view", "cadres.manage"
    ordering_fields = ["name", "birth_date", "education"]

    def create(self, request, *args, **kwargs):
        """A new cadre (201), or, for an ID on a roster outside the user's scope, a transfer request (202): the
        answer says only that the person is registered in the city."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.transfer_of is None:
            self.perform_create(serializer)
            return Response(serializer.data, status=status.HTTP_201_CREATED)
        data = serializer.validated_data
        with self.acting():
            transfers.request_transfer(
                serializer.transfer_of, to_township=data["township"], entered_name=data["name"], by=request.user
            )
        return Response({"detail": transfers.transfer_requested_message()}, status=status.HTTP_202_ACCEPTED)


class SecondmentSerializer(ScopedModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    township = serializers.IntegerField(
        source="cadre.township_id", read_only=True, label=_("乡镇"), help_text=_("干部所在的乡镇（挂职的乡镇）。")
    )
    village_name = serializers.SerializerMethodField(label=_("驻村"))
    status = serializers.SerializerMethodField(label=_("任期"), help_text=_("今天（北京时间）任期所处的阶段。"))
    days_left = serializers.SerializerMethodField(
        label=_("剩余天数"), help_text=_("到任期最后一天的天数：当天为 0，期满后为负数。")
    )

    class Meta:
        model = Secondment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "township",
            "kind",
            "village",
            "village_name",
            "sending_unit",
            "start_date",
            "end_date",
            "longer_term_reason",
            "status",
            "days_left",
            "team_members",
            "living_allowance",
        ]
        extra_kwargs = {"end_date": {"required": False, "help_text": _("留空则按任期自动计算。")}}
        derived_fields = ["end_date"]
        create_only_fields = ["cadre"]

    def get_village_name(self, secondment) -> str | None:
        return secondment.village.name if secondment.village_id else None

    @extend_schema_field({"type": "string", "enum": Secondment.Status.values})
    def get_status(self, secondment) -> str:
        return secondment.status_on(self.today)

    def get_days_left(self, secondment) -> int:
        return secondment.days_left(self.today)

    @cached_property
    def today(self):
        return timezone.localdate()


class SecondmentFilter(page.SecondmentFilter):
    """The list page's filters (q, kind, township, status), and the cadre."""

    class Meta(page.SecondmentFilter.Meta):
        fields = [*page.SecondmentFilter.Meta.fields, "cadre"]


class SecondmentViewSet(ScopedModelViewSet):
    queryset = Secondment.objects.select_related("cadre", "village").order_by("-start_date", "-id")
    serializer_class = SecondmentSerializer
    filterset_class = SecondmentFilter
    view_permission, manage_permission = "cadres.view", "cadres.manage"
    ordering_fields = ["start_date", "end_date"]


#: Mounted under /api/v1/ by ``skilled_township.api``: (URL prefix, viewset, route name).
routes = [
    ("cadres", CadreViewSet, "cadre"),
    ("secondments", SecondmentViewSet, "secondment"),
]
