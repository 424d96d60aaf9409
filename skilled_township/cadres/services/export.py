"""The formula-safe roster export, in the columns the import reads."""

from __future__ import annotations

from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes


def roster_bytes(cadres, *, full_ids: bool = False) -> bytes:
    """The roster as the import reads it: with ``full_ids`` (for those allowed to see them,
    ``cadres.view_id_number``) an export re-imports as 未变 for every row; otherwise ID numbers are masked."""
    header = [
        _("乡镇"),
        _("姓名"),
        _("性别"),
        _("身份证号码"),
        _("手机号码"),
        _("职务类别"),
        _("学历"),
        _("政治面貌"),
        _("后备干部"),
        _("状态"),
        _("离岗日期"),
        _("备注"),
        _("县市区"),
    ]
    rows = (
        [
            cadre.township.name,
            cadre.name,
            cadre.get_gender_display(),
            cadre.id_number if full_ids else cadre.masked_id_number,
            cadre.mobile,
            cadre.get_position_display(),
            cadre.get_education_display(),
            cadre.get_political_status_display(),
            cadre.get_reserve_level_display(),
            cadre.get_status_display(),
            cadre.left_on.isoformat() if cadre.left_on else "",
            cadre.note,
            cadre.township.parent.name if cadre.township.parent_id else "",
        ]
        for cadre in cadres.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("干部名册"), header, rows)
