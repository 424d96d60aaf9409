"""Table helpers shared by every list page."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData

#: Column attributes that leave a column out on phones (narrower than Bootstrap's md breakpoint).
WIDE_SCREEN_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


def edit_column(url_name: str) -> tables.LinkColumn:
    """A narrow "编辑" link to a row's edit page (``url_name`` takes the row's primary key)."""
    return tables.LinkColumn(url_name, args=[tables.A("pk")], text=_("编辑"), orderable=False, verbose_name="")


class ModelRows(TableListData):
    """Rows already fetched (a keyset page) for a table, which still labels its columns from the model's
    fields as it would for a queryset."""

    def __init__(self, rows, model):
        super().__init__(list(rows))
        self._model = model

    @property
    def model(self):
        return self._model
