import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skilled_township.core.filters import ScopedFilterSet, date_range
from skilled_township.regions.models import Region

from .audit import audited_type_choices
from .models import AuditEntry, User
from .roles import Role


class UserFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices)
    scope = django_filters.ModelChoiceFilter(
        label=_("管辖范围"), queryset=Region.objects.exclude(level="village"), method="under_scope"
    )
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "role", "scope", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value) | Q(mobile=value))

    def under_scope(self, queryset, name, value):
        return queryset.filter(scope__code__startswith=value.prefix)


class AuditEntryFilter(ScopedFilterSet):
    username = django_filters.CharFilter(label=_("用户名"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditEntry.Action.choices)
    # Each audited type once, by the name the pages give it (choices read when the form is drawn or checked).
    content_type = django_filters.ChoiceFilter(label=_("对象类型"), choices=audited_type_choices)
    object_id = django_filters.CharFilter(label=_("对象编号"))
    since, until = date_range("timestamp", on_date_of=True)

    class Meta:
        model = AuditEntry
        fields = ["username", "action", "content_type", "object_id", "since", "until"]
