"""The uploads' sheet reader gives the values openpyxl gives (``load_workbook(read_only=True, data_only=True)``),
for the files openpyxl writes (our template and exports) and for the files Excel and WPS write (shared strings,
rich text, styles that make a number a date, the 1904 calendar)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from skilled_township.core.excel import open_sheet


def openpyxl_rows(data: bytes, width: int) -> dict[int, tuple]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(max_col=width, values_only=True)
    return {number: row for number, row in enumerate(rows, start=1) if any(v is not None for v in row)}


def our_rows(data: bytes, width: int) -> dict[int, tuple]:
    return {number: row for number, row in open_sheet(data, width).rows() if any(v is not None for v in row)}


def test_a_workbook_written_by_openpyxl_reads_the_same():
    book = Workbook()
    sheet = book.active
    sheet.append(["乡镇", "姓名", "身份证号码", "日期", "时间", "是否", "数"])
    sheet.append(["高村镇", " 张 三 ", "43122619880512058x", datetime.date(2025, 3, 1)])
    sheet["E2"] = datetime.datetime(2025, 3, 1, 8, 30)
    sheet.append(["４３１２２６", "阿依古丽·买买提", 431226198805120000, None, None, True, 1.5])
    sheet.cell(row=7, column=2, value="隔了几行")
    sheet.cell(row=8, column=7, value=-3)
    buffer = io.BytesIO()
    book.save(buffer)

    assert our_rows(buffer.getvalue(), 7) == openpyxl_rows(buffer.getvalue(), 7)


def excel_like_workbook() -> bytes:
    """What Excel writes: shared strings (one with rich-text runs and a phonetic guide), a date style built in
    and a custom one, the 1904 calendar, a boolean, an error, a formula's cached text, cells without references,
    and part paths given from the package root."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{package}">'
        f'<Relationship Id="rId1" Type="{kinds}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}">'
        f'<Relationship Id="rId1" Type="{kinds}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{kinds}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{kinds}/styles" Target="styles.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {main} {rel}><workbookPr date1904="1"/>'
        '<sheets><sheet name="干部名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/sharedStrings.xml": f'<sst {main} count="4" uniqueCount="4">'
        "<si><t>乡镇</t></si><si><t>高村镇</t></si>"
        '<si><r><t>阿依古丽</t></r><r><rPr><b/></rPr><t xml:space="preserve">·买买提 </t></r>'
        '<rPh sb="0" eb="1"><t>アイ</t></rPh></si>'
        "<si><t>43122619880512058X</t></si></sst>",
        "xl/styles.xml": f'<styleSheet {main}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": f'<worksheet {main}><dimension ref="A1:F4"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="str"><f>UPPER("x")</f><v>X</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c>'
        '<c r="D2" s="1"><v>44000</v></c><c r="E2" s="2"><v>44000.5</v></c><c r="F2" t="b"><v>1</v></c></row>'
        '<row r="4"><c t="e"><v>#N/A</v></c><c><v>12</v></c><c t="inlineStr"><is><t>行内</t></is></c>'
        "<c><v>1.5E3</v></c></row>"
        "</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl's, about the minimal styles
def test_a_workbook_written_the_way_excel_writes_reads_the_same():
    data = excel_like_workbook()
    ours = our_rows(data, 6)

    assert ours == openpyxl_rows(data, 6)
    assert ours[2][:3] == ("高村镇", "阿依古丽·买买提 ", "43122619880512058X")
    assert ours[2][3] == datetime.datetime(2024, 6, 19)  # 44000 days after 1 January 1904
    assert ours[4] == ("#N/A", 12, "行内", 1500.0, None, None)


def test_the_declared_size_is_known_without_reading_the_whole_sheet():
    reader = open_sheet(excel_like_workbook(), 3)
    rows = reader.rows()
    assert next(rows) == (1, ("乡镇", "X", None))
    assert reader.declared_columns == 6
