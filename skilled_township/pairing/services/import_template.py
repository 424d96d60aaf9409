"""The templates a clerk fills in to import households, members or incomes: the columns the import reads and
a 填写说明 sheet with the headers also accepted for each column."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .importing import COLUMNS, HOUSEHOLDS, INCOMES, MEMBERS, SHEET_TITLES

RULES = {
    "township": lambda: _("选填。村名在您管辖的乡镇中重名时必填。"),
    "village": lambda: _("必填。村名，或 12 位村代码。"),
    "id_number": lambda: _("必填。18 位，末位可为 X；此列为文本格式，请勿改为数字。"),
    "head_id_number": lambda: _("必填。该户户主的身份证号码（农户须已登记）。"),
    "members": lambda: _("必填。1 至 30。"),
    "labour_members": lambda: _("选填，不多于家庭人口。"),
    "registered_poor": lambda: _("填“是”或“否”，不填为否。"),
    "registered_poor_year": lambda: _("建档立卡户填写，例如 2016。"),
    "confirm_namesake": lambda: _("本村已有同名户主、确是另一户时填“是”。"),
    "labour_capable": lambda: _("填“是”或“否”，不填为是。"),
    "year": lambda: _("必填，例如 2025。每户每年一条。"),
    "per_capita_net_income": lambda: _("必填，单位元，不能为负数。"),
}
EXAMPLES = {
    HOUSEHOLDS: ["高村镇", "高村村", "张三", "431226198701010028", "13800000000", 4, 2, "是", 2016, "柑桔", "", ""],
    MEMBERS: ["431226198701010028", "张小三", "子", 2005, "是"],
    INCOMES: ["431226198701010028", 2025, "12500.00", "乡镇统计站"],
}


def template_bytes(kind: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _(SHEET_TITLES[kind])
    columns = COLUMNS[kind]
    sheet.append([_(column.title) for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        wide = column.field in ("id_number", "head_id_number", "village")
        sheet.column_dimensions[letter].width = 22 if wide else 14
        if column.field in ("id_number", "head_id_number", "phone"):
            sheet.column_dimensions[letter].number_format = "@"  # text: Excel keeps all 18 digits and the x
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(_("填写说明"))
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 50
    guide.column_dimensions["C"].width = 40
    guide.append([_("填写说明")])
    guide.append([_("每行一条，从第 2 行起填写；所有行都通过校验才会导入。")])
    guide.append([_("全角数字与字母、前后及中间的空格、身份证号码末位的小写 x 会自动改正。")])
    guide.append([])
    guide.append([_("列"), _("填写要求"), _("表头也可以写作")])
    for column in columns:
        rule = RULES.get(column.field, lambda: _("必填。") if column.required else _("选填。"))  # noqa: B023
        guide.append([_(column.title), rule(), "、".join(column.synonyms)])
    guide.append([])
    guide.append([_("示例（请勿复制到数据表）")])
    guide.append([_(column.title) for column in columns])
    guide.append(EXAMPLES[kind])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
