"""Households, incomes, pairings and visits (scoped).

Households, their members and incomes: read by the programme's readers in their scope, written by those who
register them (``pairing.manage``), with the pages' rules: the resident ID masked for anyone else, the same
duplicate checks and messages (``services.households``), one income a household a year."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from skilled_township.core import resident_id
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet, page_filters

from .filters.households import HouseholdFilter
from .models import Household, HouseholdIncome, Member
from .services import households as household_rules


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


routes = [
    ("households", HouseholdViewSet, "household"),
    ("household-members", MemberViewSet, "household-member"),
    ("household-incomes", HouseholdIncomeViewSet, "household-income"),
]
