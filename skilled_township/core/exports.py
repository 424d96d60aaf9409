"""Excel exports of the lists, each declared once (``declare``): which rows, under which filters and in which
order, written how, under which name, for whom.

The page (``ExportView``) downloads the file at once when the filtered list has at most ``EXPORT_INLINE_ROWS``
rows; for a longer one it says how many rows match and asks for a POST, which queues a background job
(``GeneratedFile``, the requester sent to its page, which shows the progress and then the download) with the
filters the page was given. A GET never queues anything: a prefetched or reloaded link, or a crawler, costs no
job. The job's generator is registered from the same declaration, so the page and the job cannot filter
differently. The job runs as the requester as they are when it runs: it checks that they still hold the
permission and reads only what ``visible_to`` gives them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_filters.widgets import SuffixedMultiWidget

from . import generators
from .excel import reporting_rows
from .filters import ScopedFilterSet
from .services import request_file
from .views import RolePermissionMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    """One list's export. ``rows(user)`` is what the user may see (through ``visible_to``, related rows
    selected); ``filterset`` narrows it (``own_filterset`` instead for a user who sees only their own rows, a
    cadre); ``order`` orders it (empty: the filtered rows' own order); ``write(rows, user)`` makes the workbook;
    ``filename`` is formatted with ``today`` (the local date)."""

    kind: str
    permission: str
    rows: Callable[[Any], QuerySet]
    filterset: type[ScopedFilterSet]
    write: Callable[[QuerySet, Any], bytes]
    filename: str
    order: tuple[str, ...] = ()
    own_filterset: type[ScopedFilterSet] | None = None

    def filters(self, data, user) -> ScopedFilterSet:
        own = self.own_filterset is not None and user.sees_own_rows_only
        filterset_class = self.own_filterset if own else self.filterset
        return filterset_class(data, queryset=self.rows(user), user=user)

    def queryset(self, data, user) -> QuerySet:
        """The rows of the file: what ``user`` sees, filtered by ``data`` (a ``QueryDict``), in order."""
        rows = self.filters(data, user).qs
        return rows.order_by(*self.order) if self.order else rows

    def params(self, data: QueryDict, user) -> dict:
        """Of ``data``, the values the filter set reads (a list where a key has several), for a job."""
        kept = {}
        for name, field in self.filters(data, user).form.fields.items():
            for key in _data_keys(name, field.widget):
                values = [value for value in data.getlist(key) if value != ""]
                if values:
                    kept[key] = values if len(values) > 1 else values[0]
        return kept

    def file_name(self) -> str:
        return self.filename.format(today=timezone.localdate())

    def generate(self, job, report_progress) -> tuple[str, bytes]:
        """The background job's file: the rows the page would have given the requester, as they are now."""
        user = job.requested_by
        if not user.has_role_perm(self.permission):
            raise PermissionDenied(_("申请人已无权导出这些数据，文件未生成。"))
        rows = self.queryset(query_dict(job.params), user)
        with reporting_rows(rows.count(), report_progress):
            content = self.write(rows, user)
        return self.file_name(), content


def _data_keys(name: str, widget: forms.Widget) -> list[str]:
    """The request keys a filter's widget reads (a range widget reads one key per bound)."""
    if isinstance(widget, SuffixedMultiWidget):
        return [widget.suffixed(name, suffix) for suffix in widget.suffixes]
    if isinstance(widget, forms.MultiWidget):
        return [name + suffix for suffix in widget.widgets_names]
    return [name]


def query_dict(params: dict) -> QueryDict:
    """A job's stored filter values as the request that asked for them carried them."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


_declared: dict[str, Export] = {}


def declare(**fields) -> Export:
    """Declare an export (``Export``'s fields) and register its background job's generator under its kind."""
    export = Export(**fields)
    if export.kind in _declared:
        raise ValueError(f"Export {export.kind!r} is declared twice")
    _declared[export.kind] = export
    generators.register(export.kind)(functools.partial(Export.generate, export))
    return export


def declared() -> dict[str, Export]:
    return dict(_declared)


def inline_rows() -> int:
    return settings.EXPORT_INLINE_ROWS


class ExportView(RolePermissionMixin, View):
    """GET with the list's filters: the workbook at once, or, above ``EXPORT_INLINE_ROWS`` rows, a page that
    offers to prepare it in the background. POST with the same filters (in the query string): a background job
    and a redirect to its page, whatever the count. ``list_url_name`` is the list the page returns to."""

    export: Export
    list_url_name: str
    template_name = "core/export_confirm.html"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.permission = cls.export.permission
        if not getattr(cls, "list_url_name", ""):
            raise TypeError(f"{cls.__name__} names no list_url_name to return to")

    def get(self, request):
        export, user = self.export, request.user
        rows = export.queryset(request.GET, user)
        count = rows.count()
        if count <= inline_rows():
            response = HttpResponse(export.write(rows, user), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
            return response
        query = request.GET.urlencode()
        list_url = reverse(self.list_url_name) + (f"?{query}" if query else "")
        context = {"count": count, "limit": inline_rows(), "action": request.get_full_path(), "list_url": list_url}
        return render(request, self.template_name, context)

    def post(self, request):
        export, user = self.export, request.user
        count = export.queryset(request.GET, user).count()
        job = request_file(export.kind, export.params(request.GET, user), by=user)
        messages.info(request, _("共 %(count)d 行，文件正在后台生成，完成后可在本页下载。") % {"count": count})
        return HttpResponseRedirect(job.get_absolute_url())
