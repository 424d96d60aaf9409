import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skilled_township.core import resident_id
from skilled_township.core.filters import ScopedFilterSet
from skilled_township.regions.filters import region_filter
from skilled_township.skills.models import Skill

from .models import Cadre, EducationTarget, ReserveLevel, Secondment


def valid_certificates():
    """Certificates valid today (not revoked, not expired): the certificates' own rule (``valid()``), reached
    through the reverse relation, since the roster imports nothing from the apps above it."""
    return Cadre._meta.get_field("certificates").related_model.objects.valid()


class CadreFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("姓名、手机号或身份证号码"))
    township = region_filter("township")
    skill = django_filters.ModelChoiceFilter(label=_("技能"), queryset=Skill.objects.all(), method="with_skill")
    has_certificate = django_filters.BooleanFilter(label=_("持有证书"), method="certified")
    # "Not a reserve" is stored as "", which a filter would read as "no filter": it has a word of its own.
    reserve_level = django_filters.ChoiceFilter(
        label=_("后备干部"),
        choices=[
            ("any", _("全部后备干部")),
            (ReserveLevel.TOWNSHIP.value, ReserveLevel.TOWNSHIP.label),
            (ReserveLevel.VILLAGE.value, ReserveLevel.VILLAGE.label),
            ("none", _("非后备干部")),
        ],
        method="reserve",
    )

    class Meta:
        model = Cadre
        fields = ["q", "township", "position", "education", "reserve_level", "status", "skill", "has_certificate"]

    def search(self, queryset, name, value):
        value = value.strip()
        match = Q(name__icontains=value) | Q(mobile=value)
        number = resident_id.normalise(value)
        if self.user is not None and self.user.has_role_perm("cadres.view_id_number"):
            # Those who see full numbers may find a cadre by the last digits.
            if len(number) >= 4:
                match |= Q(id_number__endswith=number)
        elif len(number) == 18:
            # Everyone else by the whole number only: a match on part of it, grown digit by digit, would
            # rebuild the number the mask hides.
            match |= Q(id_number=number)
        return queryset.filter(match)

    def with_skill(self, queryset, name, value):
        # Planned (learning) or certified: followed through the reverse relations, so the roster needs no
        # import from the apps above it.
        planned = Cadre.objects.filter(plans__items__skill=value).values("pk")
        certified = valid_certificates().filter(skill=value).values("cadre_id")
        return queryset.filter(Q(pk__in=planned) | Q(pk__in=certified))

    def reserve(self, queryset, name, value):
        if value == "any":
            return queryset.exclude(reserve_level=ReserveLevel.NONE)
        return queryset.filter(reserve_level=ReserveLevel.NONE if value == "none" else value)

    def certified(self, queryset, name, value):
        valid = Q(pk__in=valid_certificates().values("cadre_id"))
        return queryset.filter(valid if value else ~valid)


class EducationTargetFilter(ScopedFilterSet):
    class Meta:
        model = EducationTarget
        fields = ["year", "group"]


class SecondmentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("姓名或派出单位"))
    township = region_filter("township", field_name="cadre__township")
    status = django_filters.ChoiceFilter(
        label=_("任期"),
        choices=Secondment.Status.choices,
        method="in_status",
    )

    class Meta:
        model = Secondment
        fields = ["q", "kind", "township", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = {"days": Secondment.ENDING_SOON_DAYS}
        self.filters["status"].extra["help_text"] = gettext("“即将期满”：%(days)s天内到期，也算在任。") % days

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(cadre__name__icontains=value) | Q(sending_unit__icontains=value))

    def in_status(self, queryset, name, value):
        """Where the term stands today (Asia/Shanghai)."""
        return queryset.with_status(value, timezone.localdate())
