"""Table helpers shared by every list page."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData

#: Column attributes that leave a column out on phones (narrower than Bootstrap's md breakpoint).
WIDE_SCREEN_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
#: Column attributes that leave a column out on the narrowest phones only (below Bootstrap's sm breakpoint).
NOT_ON_NARROW_PHONES = {"th": {"class": "d-none d-sm-table-cell"}, "td": {"class": "d-none d-sm-table-cell"}}
#: A short column (a date, a number, a two-character header or link) that keeps to one line on a phone,
#: rather than standing one character a line beside a wide neighbour.
ONE_LINE = {"th": {"class": "text-nowrap"}, "td": {"class": "text-nowrap"}}


def edit_column(url_name: str) -> tables.LinkColumn:
    """A narrow "编辑" link to a row's edit page (``url_name`` takes the row's primary key), on one line."""
    return tables.LinkColumn(
        url_name, args=[tables.A("pk")], text=_("编辑"), orderable=False, verbose_name="", attrs=ONE_LINE
    )


class ModelRows(TableListData):
    """Rows already fetched (a keyset page) for a table, which still labels its columns from the model's
    fields as it would for a queryset."""

    def __init__(self, rows, model):
        super().__init__(list(rows))
        self._model = model

    @property
    def model(self):
        return self._model
