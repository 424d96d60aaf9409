"""The formula-safe roster export, in the columns the import reads."""

from __future__ import annotations

import datetime

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


def secondments_bytes(secondments, *, today: datetime.date) -> bytes:
    """Secondments with where each term stands on ``today`` (``Secondment.status_on``) and the days left."""
    header = [
        _("县市区"),
        _("乡镇"),
        _("姓名"),
        _("挂职类型"),
        _("驻村"),
        _("派出单位"),
        _("开始日期"),
        _("结束日期"),
        _("任期"),
        _("剩余天数"),
        _("超期理由"),
        _("团队成员"),
        _("生活补助（元/月）"),
    ]
    rows = (
        [
            s.cadre.township.parent.name if s.cadre.township.parent_id else "",
            s.cadre.township.name,
            s.cadre.name,
            s.get_kind_display(),
            s.village.name if s.village_id else (_("未登记") if s.village_missing else ""),
            s.sending_unit,
            s.start_date.isoformat(),
            s.end_date.isoformat(),
            str(s.Status(s.status_on(today)).label),
            max(s.days_left(today), 0),
            s.longer_term_reason,
            s.team_members,
            s.living_allowance,
        ]
        for s in secondments.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("挂职干部"), header, rows)
