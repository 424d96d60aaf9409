"""The household list as an Excel file: resident IDs always masked, every cell formula-safe."""

from __future__ import annotations

from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes


def households_bytes(households) -> bytes:
    """``households`` (with ``village__parent`` and ``paired_cadre`` selected) in the import's column order."""
    header = [
        _("乡镇"),
        _("村"),
        _("户主姓名"),
        _("身份证号码"),
        _("联系电话"),
        _("家庭人口"),
        _("劳动力人数"),
        _("建档立卡户"),
        _("建档立卡年度"),
        _("主要产业"),
        _("备注"),
        _("结对干部"),
    ]
    yes, no = _("是"), _("否")
    rows = (
        [
            h.village.parent.name if h.village.parent_id else "",
            h.village.name,
            h.head_name,
            h.masked_id_number,
            h.phone,
            h.members,
            h.labour_members,
            yes if h.registered_poor else no,
            h.registered_poor_year or "",
            h.main_industry,
            h.note,
            h.paired_cadre.name if h.paired_cadre_id else "",
        ]
        for h in households.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("农户"), header, rows)
