"""The pattern every API endpoint follows. An app's ``api.py`` holds serializers built on
``ScopedModelSerializer``, filter sets built on ``ApiFilterSet`` (or ``page_filters(PageFilter)``) and viewsets
built on ``ScopedModelViewSet``, and lists them in ``routes``; ``skilled_township.api`` mounts them.

* rows come from ``Model.objects.visible_to(user)``, so a row outside the user's scope is a 404;
* ``view_permission`` / ``manage_permission`` (codes of ``accounts.roles.permissions()``) decide reading and
  writing, a missing one is a 403;
* writes are cleaned by the model (``ScopedModelSerializer``), saved in a transaction and the row is checked
  again afterwards, so nobody moves a record out of their own scope;
* writes are audited as the API user (who may have signed in with a token the page middleware never saw);
* deletion is offered only where the pages' rules allow it: add ``"delete"`` to ``http_method_names``;
* filters and ordering: scoped filter sets (the pages' own where they exist) and an order that always ends
  with the primary key, so that pages neither repeat nor skip rows;
* paging: short lists page by number and count their rows once; a list that grows without bound (a ledger)
  declares ``keyset``, as its page does, and pages by cursor in that one order (``KeysetPagination``).

Serializer ``Meta`` options beyond ModelSerializer's:

* ``derived_fields``: fields the model fills in while it is cleaned (e.g. the birth date from the resident
  ID); they are copied back from the cleaned row before saving.
* ``create_only_fields``: set when the row is created and never moved afterwards (a secondment stays with
  its cadre); an update giving a different value is a 400.
* ``in_use_fields``: related catalogue rows offered only while in use (``is_active``), plus the row's own,
  so old records stay editable — as on the pages.

Related rows that are kept for history but not offered to new records (an abolished region: see
``core.forms.offered``) are refused with a 400 that says why, unless the row being updated already holds them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.utils.urls import remove_query_param, replace_query_param

from skilled_township.core.context import acting_as, client_ip
from skilled_township.core.filters import ScopedFilterSet
from skilled_township.core.forms import has_rows_not_offered, held, not_offered_message, offered
from skilled_township.core.pagination import CURSOR_PARAM, InvalidCursor, KeysetPaginator, filters_fingerprint
from skilled_township.core.scoping import check_scoped, is_visible, scoped


class RolePermission(BasePermission):
    """The same role permissions as the pages: ``view_permission`` to read, ``manage_permission`` to write.

    Codes come from ``accounts.roles.permissions()``. A signed-in user asking for a method the view does not
    offer gets the 405 that follows, not a 403; an anonymous request is refused whatever it asks.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        method = request.method.lower()
        if method not in view.http_method_names or not hasattr(view, method):
            return True
        attribute = "view_permission" if request.method in SAFE_METHODS else "manage_permission"
        code = getattr(view, attribute, "")
        return bool(code) and user.has_role_perm(code)


class ApiFilterSet(ScopedFilterSet, RestFilterSet):
    """A filter set for the API: related-row choices scoped to the user, ``true``/``false`` for booleans."""


class ScopedFilterBackend(DjangoFilterBackend):
    """Filter sets built from a view's ``filterset_fields`` are scoped too."""

    filterset_base = ApiFilterSet


class KeyOrderingFilter(OrderingFilter):
    """``?ordering=name`` or ``?ordering=-studied_on`` among a view's ``ordering_fields``, then by key."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(term.lstrip("-") in ("pk", "id") for term in ordering):
            ordering = [*ordering, "pk"]
        return ordering


class KeysetPagination(CursorPagination):
    """Pages a viewset's ``keyset`` order by cursor, reading one page's worth of rows off the index in that
    order however deep the page (``core.pagination``, as the pages do): ``{"next", "previous", "results"}``.

    No count: a COUNT over a ledger grows with it, and a client reading the list follows ``next`` until it is
    null. The order is fixed, so ``ordering`` other than that order is refused, and so is ``page`` (these
    lists paged by number before: a client counting pages up would otherwise read the first page forever).
    A cursor that does not decode, or that was made under other filters, is a 400: start again without it.
    """

    cursor_query_param = CURSOR_PARAM
    invalid_cursor_message = _("游标无效，或不是在当前筛选条件下取得的：请去掉 cursor 参数，从第一页重新读取。")
    page = None

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.base_url = request.build_absolute_uri()
        keys = view.keyset
        self.refuse_numbered_or_reordered(request, keys)
        paginator = KeysetPaginator(queryset, keys, self.get_page_size(request))
        try:
            self.page = paginator.page(
                request.query_params.get(self.cursor_query_param),
                filters=self.filters_in_force(request, view),
                strict=True,
            )
        except InvalidCursor:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None
        self.display_page_controls = self.page.has_other_pages() and self.template is not None
        return list(self.page)

    def refuse_numbered_or_reordered(self, request, keys) -> None:
        if "page" in request.query_params:
            raise ValidationError({"page": [_("此列表按游标分页：请沿用响应中的 next 链接翻页，不再接受 page 参数。")]})
        ordering = request.query_params.get("ordering")
        if ordering is not None:
            asked = [term.strip() for term in ordering.split(",") if term.strip()]
            if asked != list(keys[: len(asked)]) or not asked:
                raise ValidationError(
                    {"ordering": [_("此列表的顺序是固定的：%(order)s。") % {"order": ",".join(keys)}]}
                )

    @staticmethod
    def filters_in_force(request, view) -> str:
        """The filter values a cursor belongs to: following it under other filters would skip or repeat rows."""
        filterset = getattr(view, "filterset_class", None)
        names = filterset.base_filters if filterset is not None else getattr(view, "filterset_fields", ())
        return filters_fingerprint((name, value) for name in names for value in request.query_params.getlist(name))

    def get_next_link(self):
        if self.page is None or not self.page.has_next():
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, self.page.next_cursor)

    def get_previous_link(self):
        if self.page is None or not self.page.has_previous():
            return None
        cursor = self.page.previous_cursor
        if not cursor:  # the page before is the first
            return remove_query_param(self.base_url, self.cursor_query_param)
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_schema_operation_parameters(self, view):
        order = ", ".join(view.keyset)
        description = _(
            "分页游标：原样使用上一次响应中 next 或 previous 链接里的值，不填为第一页。"
            "此列表按固定顺序（%(order)s）逐页读取，每页 %(size)s 条，不返回总数；"
            "不接受 page 参数（原先按页码分页的客户端请改为沿用 next 链接，直到它为 null），"
            "也不能按其他字段排序（ordering 与此顺序不同时返回 400）。游标无效或筛选条件变了时返回 400。"
        ) % {"order": order, "size": self.page_size}
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(description),
                "schema": {"type": "string"},
            }
        ]


def page_filters(filterset: type[django_filters.FilterSet]) -> type[django_filters.FilterSet]:
    """A page's filter set, reused by the API so both filter alike. A filter that picks a related row and
    applies it through a method is documented as that row's id (the schema generator cannot tell)."""
    reused = type(filterset.__name__, (filterset,), {"__module__": filterset.__module__})
    reused.base_filters = copy.deepcopy(filterset.base_filters)
    for field in reused.base_filters.values():
        if isinstance(field, django_filters.ModelChoiceFilter) and field.method:
            extend_schema_field(OpenApiTypes.INT)(field)
    return reused


def scope_choices(fields, user: Any) -> None:
    """Narrow every related-row field (nested ones too) to the rows ``user`` may see; a field whose model does
    not say how it is scoped raises ``ImproperlyConfigured`` rather than accept any row."""
    for name, field in fields.items():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            scope_choices(field.fields, user)
            continue
        if isinstance(field, serializers.ManyRelatedField):
            field = field.child_relation
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            field.queryset = scoped(queryset, user, f"{type(field.parent).__qualname__}.{name}")


def in_use(queryset: models.QuerySet, current_pk: Any = None) -> models.QuerySet:
    """Rows still in use, plus the one already chosen."""
    keep = Q(is_active=True)
    if current_pk is not None:
        keep |= Q(pk=current_pk)
    return queryset.filter(keep)


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related rows outside the user's scope are not accepted; the model's ``full_clean`` rules apply."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, field in cls._declared_fields.items():
            field = getattr(field, "child_relation", field)
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                check_scoped(queryset, f"{cls.__module__}.{cls.__qualname__}.{name}")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_choices(self.fields, self.user)
        for name in getattr(self.Meta, "in_use_fields", ()):
            field = self.fields.get(name)
            if field is not None and not field.read_only:
                field.queryset = in_use(field.queryset, self.current(f"{name}_id"))
        self.limit_choices()

    @property
    def user(self):
        return getattr(self.context.get("request"), "user", None)

    def current(self, attname: str) -> Any:
        """A value of the row being updated (``None`` when creating or listing)."""
        return getattr(self.instance, attname, None) if isinstance(self.instance, models.Model) else None

    def limit_choices(self) -> None:
        """Narrow choices further by the page's rules (hook for subclasses)."""

    def prepare_instance(self, instance: models.Model, attrs: dict) -> None:
        """Fill derived values before the model is cleaned (hook for subclasses)."""

    def to_internal_value(self, data):
        self.refuse_fields_not_writable(data)
        return super().to_internal_value(data)

    def refuse_fields_not_writable(self, data) -> None:
        """A body naming a field the API shows but does not take (with a value other than the row's), or does
        not know at all, is a 400 naming it, never a 200 that silently changed nothing."""
        if not isinstance(data, Mapping):
            return  # DRF answers a body that is not an object
        errors = {}
        for name in data:
            if name == "csrfmiddlewaretoken":  # sent by the browsable API's forms, not part of the record
                continue
            field = self.fields.get(name)
            if field is None:
                errors[name] = [_("未知字段，不能提交。")]
            elif field.read_only and not self.unchanged(field, data[name]):
                errors[name] = [_("该字段只读，不能修改。")]
        if errors:
            raise ValidationError(errors)

    def unchanged(self, field, value) -> bool:
        """Whether a read-only field is sent back as the row already shows it (a client that PUTs what it
        read): accepted, since it asks for no change."""
        if not isinstance(self.instance, models.Model):
            return False
        try:
            return field.to_representation(field.get_attribute(self.instance)) == value
        except Exception:  # a value that cannot be shown the same way is a change
            return False

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.refuse_rows_not_offered(attrs)
        model = self.Meta.model
        if self.instance is not None:
            moved = [
                name
                for name in getattr(self.Meta, "create_only_fields", ())
                if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if moved:
                raise ValidationError({name: [_("创建后不能修改。")] for name in moved})
        # Clean a copy, so a refused update leaves the row as it was.
        instance = model._base_manager.get(pk=self.instance.pk) if self.instance is not None else model()
        for key, value in attrs.items():
            if _is_concrete(model, key):
                setattr(instance, key, value)
        self.prepare_instance(instance, attrs)
        with service_refusals():
            instance.full_clean()
        for name in getattr(self.Meta, "derived_fields", ()):
            attrs[name] = getattr(instance, name)
        return attrs

    def refuse_rows_not_offered(self, attrs: dict) -> None:
        """A related row a record may no longer pick (``core.forms.offered``) is a 400 naming why; the row being
        updated keeps what it already holds."""
        errors = {}
        for name, field in self.fields.items():
            if field.read_only or field.source not in attrs:
                continue
            queryset = getattr(getattr(field, "child_relation", field), "queryset", None)
            if not has_rows_not_offered(queryset):
                continue
            value = attrs[field.source]
            chosen = [obj for obj in (value if isinstance(value, list | tuple) else [value]) if obj is not None]
            allowed = set(
                offered(queryset, held(self.instance, field.source))
                .filter(pk__in=[obj.pk for obj in chosen])
                .values_list("pk", flat=True)
            )
            refused = [not_offered_message(obj) for obj in chosen if obj.pk not in allowed]
            if refused:
                errors[name] = refused
        if errors:
            raise ValidationError(errors)


def _is_concrete(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return field.concrete and not field.many_to_many


def drf_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A model's or a service's ``ValidationError`` as the API's error body (``non_field_errors`` for the rest)."""
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"non_field_errors": error.messages}


@contextmanager
def service_refusals():
    """A service's refusal (Django's ``ValidationError``) inside the block becomes the API's 400, in the same
    words as on the page (``drf_errors``)."""
    try:
        yield
    except DjangoValidationError as error:
        raise ValidationError(drf_errors(error)) from None


class ScopedModelViewSet(viewsets.ModelViewSet):
    """List, read and (where the role may) write rows of one model, always within the user's scope."""

    permission_classes = [RolePermission]
    filter_backends = [ScopedFilterBackend, KeyOrderingFilter]
    view_permission: str = ""
    manage_permission: str = ""
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields: list[str] = ["id"]
    #: A list that grows without bound pages by cursor in this order, e.g. ``("-studied_on", "-id")``: its
    #: last key unique, an index in the same order (``KeysetPagination``). Empty: pages by number.
    keyset: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        """A viewset that could serve rows or choices unscoped is refused when it is declared."""
        super().__init_subclass__(**kwargs)
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.queryset is not None and not hasattr(cls.queryset, "visible_to"):
            raise ImproperlyConfigured(f"{where}: {cls.queryset.model._meta.label} has no visible_to(user).")
        if cls.keyset:
            KeysetPaginator(cls.queryset, cls.keyset, per_page=1)  # refuses a key that cannot order pages
            cls.pagination_class = KeysetPagination
            cls.filter_backends = [
                backend for backend in cls.filter_backends if not issubclass(backend, OrderingFilter)
            ]
            cls.ordering_fields = []
        filterset = getattr(cls, "filterset_class", None)
        if filterset is not None and not issubclass(filterset, ScopedFilterSet):
            raise ImproperlyConfigured(f"{where}: filterset_class must be a ScopedFilterSet (see core.filters).")

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        single = getattr(serializer, "child", serializer)
        if not isinstance(single, ScopedModelSerializer):
            # A plain serializer (e.g. read only) gets the same narrowing and the same refusal.
            scope_choices({"": serializer}, self.request.user)
        return serializer

    def perform_create(self, serializer):
        with self.acting():
            self.save_in_scope(serializer)

    def perform_update(self, serializer):
        with self.acting():
            self.save_in_scope(serializer)

    def perform_destroy(self, instance):
        with self.acting(), transaction.atomic():
            instance.delete()

    def acting(self):
        """Attribute the audit entries of this request to the API user and their address."""
        return acting_as(self.request.user, client_ip(self.request), source="api")

    def save_in_scope(self, serializer) -> None:
        with transaction.atomic():
            obj = serializer.save()
            if not is_visible(obj, self.request.user):
                # Raising inside the block rolls the save back.
                raise ValidationError({"non_field_errors": [_("保存后的记录不在您的管辖范围内，未保存。")]})
