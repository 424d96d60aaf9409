"""Excel export of the (filtered) cadre roster. ID numbers are masked; cells are formula-safe."""

from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes


def roster_bytes(cadres) -> bytes:
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
    ]
    rows = (
        [
            cadre.township.name,
            cadre.name,
            cadre.get_gender_display(),
            cadre.masked_id_number,
            cadre.mobile,
            cadre.get_position_display(),
            cadre.get_education_display(),
            cadre.get_political_status_display(),
            _("是") if cadre.is_reserve else _("否"),
            cadre.get_status_display(),
            cadre.left_on.isoformat() if cadre.left_on else "",
            cadre.note,
        ]
        for cadre in cadres.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("干部名册"), header, rows)
