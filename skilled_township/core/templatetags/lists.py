"""``{% list_table table %}``: a django-tables2 table rendered cheaply for the shared list page.

django-tables2's own templates work out every cell's attributes once per cell, through several template
lookups; on a 25-row page that was most of the time the page took. Here the attributes of a column are
worked out once per column (per cell only where they depend on the row), each row is joined in Python and
the template loops over rows, not cells.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.utils import AttributeDict

register = template.Library()


def _td_attrs_vary(table, column) -> bool:
    merged = {**table.attrs, **column.column.attrs}
    td = merged.get("td", merged.get("cell", {}))
    return any(callable(value) for value in td.values())


def _attrs(attrs) -> str:
    html = attrs.as_html()
    return f" {html}" if html else ""


def _cell(column, value) -> str:
    if column.localize is True:
        value = localize(value, use_l10n=True)
    elif column.localize is False:
        value = str(localize(value, use_l10n=False))
    else:
        value = localize(value)
    return conditional_escape(value)


@register.inclusion_tag("includes/table.html", takes_context=True)
def list_table(context, table):
    table.context = context  # template columns render with the page's context, as render_table does
    request = context.get("request")
    columns = list(table.columns)
    head = []
    for column in columns:
        url = ""
        if column.orderable and request is not None:
            query = request.GET.copy()
            query[table.prefixed_order_by_field] = column.order_by_alias.next
            query.pop(table.prefixed_page_field, None)
            url = f"?{query.urlencode()}"
        head.append({"attrs": mark_safe(_attrs(column.attrs["th"])), "label": column.header, "url": url})
    fixed = {column.name: _attrs(column.attrs["td"]) for column in columns if not _td_attrs_vary(table, column)}
    rows = []
    for row in table.paginated_rows:
        cells = []
        for column, value in row.items():
            attrs = fixed[column.name] if column.name in fixed else _attrs(column.attrs["td"])
            cells.append(format_html("<td{}>{}</td>", mark_safe(attrs), _cell(column, value)))
        row_attrs = _attrs(row.attrs) if table.row_attrs else ""
        rows.append(mark_safe(f"<tr{row_attrs}>{''.join(cells)}</tr>"))
    table_attrs = AttributeDict(table.attrs if table.attrs.get("class") else {**table.attrs, "class": "table"})
    return {
        "table_attrs": mark_safe(_attrs(table_attrs)),
        "head": head,
        "rows": rows,
        "empty_text": table.empty_text,
        "footer": [(mark_safe(_attrs(c.attrs["tf"])), c.footer) for c in columns] if table.has_footer() else [],
    }
