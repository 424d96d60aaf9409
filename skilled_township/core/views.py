"""Generic pages every app reuses: list, detail, create/edit, delete, all scoped and permission-checked.

A page names the role permission it needs (a missing one is a 403) and reads its rows through
``visible_to(user)`` (a row outside the user's scope is a 404). Edits are saved in a transaction and the
row is checked again afterwards, so nobody can move a record out of their own scope.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from .pagination import CURSOR_PARAM, KeysetPaginator, filters_fingerprint
from .scoping import is_visible
from .tables import ModelRows


class RolePermissionMixin(LoginRequiredMixin):
    """Sign-in required, then the role permission ``permission`` (see ``accounts.roles.permissions()``)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission or not request.user.has_role_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    model = None
    queryset = None

    def get_queryset(self):
        base = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return base.visible_to(self.request.user)


class ExcludeUnlessPermittedMixin:
    """Leave action columns out of a table for users who may not use them."""

    action_columns: dict[str, str] = {}

    def get_table_kwargs(self):
        hidden = [column for column, perm in self.action_columns.items() if not self.request.user.has_role_perm(perm)]
        return {"exclude": hidden} if hidden else {}


def style_widget(widget: forms.Widget) -> None:
    """Bootstrap's classes on a filter widget, and selects drawn by one template instead of one template
    per option: rendered through crispy-forms, the filter form took a third of a list page's time."""
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
        if not widget.allow_multiple_selected:
            widget.template_name = "core/widgets/select.html"
    else:
        css = "form-control"
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ObjectListView(RolePermissionMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A scoped, filtered table, 25 rows a page.

    Short lists page by number, counting their rows once. A list that grows without bound (a ledger, a
    log) declares ``keyset``, its order ending in a unique column, e.g. ``("-studied_on", "-id")``, with
    an index in the same order: it then pages by cursor (see ``core.pagination``), its headers do not
    sort, and its count stops at ``count_limit`` ("more than N").
    """

    template_name = "core/object_list.html"
    paginate_by = settings.PAGE_SIZE
    keyset: tuple[str, ...] = ()
    count_limit = 1000
    title = ""
    add_url_name = ""
    add_permission = ""

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for field in filterset.form.fields.values():
            style_widget(field.widget)
        return filterset

    def get_paginate_by(self, queryset):
        # The table pages the rows itself; paging them here as well, as ListView does, ran a second COUNT.
        return None

    def get_table(self, **kwargs):
        if not self.keyset:
            # Sorting from the query string as django-tables2 reads it, but the page size is the list's own: no
            # page offers another, and a ``per_page`` in the address was a server error at -1 and drew every row
            # at once at 99999999. The page number is Django's ``get_page``'s (not a number: the first page; past
            # the end or below 1: the last).
            table = RequestConfig(self.request, paginate=False).configure(
                self.get_table_class()(data=self.get_table_data(), **kwargs)
            )
            table.paginate(per_page=self.paginate_by)
            table.page = self.page = table.paginator.get_page(self.request.GET.get(table.prefixed_page_field))
            return table
        paginator = KeysetPaginator(self.get_table_data(), self.keyset, self.paginate_by, self.count_limit)
        self.page = paginator.page(self.request.GET.get(CURSOR_PARAM), filters=self.filters_fingerprint())
        rows = ModelRows(self.page.object_list, self.model)
        table = self.get_table_class()(data=rows, orderable=False, **kwargs)
        table.request = self.request
        return table

    def filters_fingerprint(self) -> str:
        """The filter values in force, so that a cursor made under other filters is not followed."""
        filterset = getattr(self, "filterset", None)
        names = filterset.form.fields if filterset is not None else ()
        return filters_fingerprint((name, value) for name in names for value in self.request.GET.getlist(name))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        if self.add_url_name and self.request.user.has_role_perm(self.add_permission or self.permission):
            context["add_url_name"] = self.add_url_name
        form = getattr(self.filterset, "form", None)
        for name in form.errors if form is not None and form.is_bound else ():
            if name in form.fields:
                form.fields[name].widget.attrs["class"] += " is-invalid"
        context["page_obj"] = self.page
        context["keyset"] = bool(self.keyset)
        context["filters_active"] = bool(self.filters_fingerprint())
        if self.keyset:
            context["row_count"], context["row_count_capped"] = self.page.count, self.page.count_capped
        else:
            context["row_count"], context["row_count_capped"] = self.page.paginator.count, False
        return context


class OwnRowsListMixin:
    """A list that a user who sees only their own rows (a cadre, ``visible_to``) reads as theirs: under its own
    title, without the columns and filters that say whose each row is."""

    #: Columns that name whose a row is, left out for such a user.
    whose: tuple[str, ...] = ("township", "cadre")
    #: The filter set for such a user (without township or cadre filters).
    own_filterset_class = None
    shared_title = ""
    own_title = ""

    @property
    def own_only(self) -> bool:
        return self.request.user.sees_own_rows_only

    @property
    def title(self):
        return self.own_title if self.own_only else self.shared_title

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if self.own_only:
            kwargs["exclude"] = [*kwargs.get("exclude", ()), *self.whose]
        return kwargs

    def get_filterset_class(self):
        return self.own_filterset_class if self.own_only else super().get_filterset_class()


class ObjectDetailView(RolePermissionMixin, ScopedQuerysetMixin, generic.DetailView):
    edit_permission = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = bool(self.edit_permission) and self.request.user.has_role_perm(self.edit_permission)
        context["can_view_history"] = self.request.user.has_role_perm("audit.view")
        return context


class ObjectEditView(RolePermissionMixin, ScopedQuerysetMixin, generic.UpdateView):
    """Create (no ``pk`` in the URL) or edit one row through a scoped form."""

    template_name = "core/object_form.html"
    success_message = ""

    def get_object(self, queryset=None):
        if self.pk_url_kwarg not in self.kwargs and self.slug_url_kwarg not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        if self.object is None:
            context["title"] = _("新增%(name)s") % {"name": meta.verbose_name}
        else:
            context["title"] = _("编辑%(name)s：%(obj)s") % {"name": meta.verbose_name, "obj": self.object}
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_cancel_url(self) -> str:
        if self.object is not None and hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        referer = self.request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(referer, {self.request.get_host()}):
            return referer
        return reverse("home")

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            if not is_visible(self.object, self.request.user):
                transaction.set_rollback(True)
                form.add_error(None, _("保存后的记录不在您的管辖范围内，未保存。"))
                return self.form_invalid(form)
        messages.success(self.request, self.success_message or _("已保存：%(obj)s") % {"obj": self.object})
        return HttpResponseRedirect(self.get_success_url())


class ObjectDeleteView(RolePermissionMixin, ScopedQuerysetMixin, generic.DeleteView):
    """Remove one row in scope: GET asks to confirm, POST deletes (audited like any change) and goes to
    ``success_url``. The API deletes the same rows under the same permission (``http_method_names``)."""

    template_name = "core/object_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("删除%(name)s：%(obj)s") % {"name": self.model._meta.verbose_name, "obj": self.object}
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def form_valid(self, form):
        removed = str(self.object)
        with transaction.atomic():
            self.object.delete()
        messages.success(self.request, _("已删除：%(obj)s") % {"obj": removed})
        return HttpResponseRedirect(self.get_success_url())


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The menu as cards, grouped by area like the navigation; a role with a page of its own (a cadre's
    我的学习) is sent there."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        landing = getattr(request.user, "home_url_name", "home")
        if landing != "home":
            return redirect(landing)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from skilled_township.core.navigation import menu_for, notices_for

        context = super().get_context_data(**kwargs)
        context["sections"] = menu_for(self.request.user)
        context["notices"] = notices_for(self.request.user)
        return context
