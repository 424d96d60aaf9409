"""The roster template a clerk fills in: the columns the import reads, drop-downs of the words it accepts and
an instruction sheet."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import synonyms
from .importing import CHOICES, MAX_ROWS, OPTIONAL_COLUMNS, TEMPLATE_COLUMNS, column_title

#: Rows the template prepares (drop-downs) for data.
TEMPLATE_ROWS = MAX_ROWS
#: What the template's example shows (a valid ID number); it is on the instruction sheet, never uploaded.
EXAMPLE = {
    "county": "麻阳苗族自治县",
    "township": "高村镇",
    "name": "阿依古丽·买买提",
    "id_number": "43122619880512058X",
    "mobile": "13800000000",
    "position": "一般干部",
    "education": "本科",
    "political_status": "中共党员",
    "reserve_level": "否",
    "status": "在岗",
    "left_on": "",
    "note": "",
}


def template_bytes() -> bytes:
    """The roster template: the data sheet (drop-downs on the choice columns, the ID column kept as text so
    Excel keeps 18 digits and the x) and a 填写说明 sheet listing the columns, the words accepted in each
    choice column (``synonyms.SYNONYMS``) and an example row."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("干部名册")
    sheet.append([title for title, _f in TEMPLATE_COLUMNS])
    letters = {fname: get_column_letter(i) for i, (_t, fname) in enumerate(TEMPLATE_COLUMNS, start=1)}
    for fname, letter in letters.items():
        sheet.column_dimensions[letter].width = 22 if fname in ("id_number", "township", "county") else 14
    for fname in ("id_number", "mobile"):
        sheet.column_dimensions[letters[fname]].number_format = "@"  # text: Excel keeps all 18 digits and the x
    sheet.freeze_panes = "A2"
    choices = {fname: [labels[0] for labels in map(synonyms.labels, synonyms.CHOICE_KINDS[fname])] for fname in CHOICES}
    for fname, words in choices.items():
        # A drop-down of the labels; other accepted words may still be typed (no error box).
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        validation.showErrorMessage = False
        validation.add(f"{letters[fname]}2:{letters[fname]}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    guide = book.create_sheet(_("填写说明"))
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 60
    guide.append([_("填写说明")])
    guide.append([_("每行一名干部，从第 2 行起填写；身份证号码已在名册中的，更新该干部的信息。")])
    guide.append([_("所有行都通过校验才会导入。")])
    guide.append([_("全角数字与字母、前后及中间的空格、身份证号码末位的小写 x 会自动改正。")])
    guide.append([])
    guide.append([_("列"), _("填写要求")])
    rules = {
        "county": _("选填。乡镇同名时用于区分，例如“麻阳苗族自治县”。"),
        "township": _("必填。乡镇名称或 12 位统计用区划代码。"),
        "name": _("必填。少数民族姓名中的间隔号“·”照原样填写。"),
        "id_number": _("必填。18 位，末位可为 X；此列为文本格式，请勿改为数字。"),
        "mobile": _("必填。11 位手机号码。"),
        "reserve_level": _("乡镇后备干部、村级后备干部，或“否”；不填为否，填“是”按乡镇后备干部导入。"),
        "status": _("不填为在岗。"),
        "left_on": _("离岗的干部填写，例如 2025-03-01。"),
        "note": _("选填。"),
        "political_status": _("不填为中共党员。"),
        "gender": _("选填，须与身份证号码一致。"),
        "birth_date": _("选填，须与身份证号码一致。"),
    }
    for title, fname in [*TEMPLATE_COLUMNS, *OPTIONAL_COLUMNS[1:]]:
        guide.append([_(title), rules.get(fname, _("必填，可选值见下表。"))])
    guide.append([])
    guide.append([_("列"), _("可选值"), _("也可以填写")])
    for fname in (*CHOICES, "gender"):
        for label, words in synonyms.accepted_words(fname):
            guide.append([column_title(fname), label, "、".join(words)])
    guide.append([])
    guide.append([_("示例（请勿复制到干部名册）")])
    guide.append([title for title, _f in TEMPLATE_COLUMNS])
    guide.append([EXAMPLE[fname] for _t, fname in TEMPLATE_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
