"""Excel import is all-or-nothing with a row-by-row report; re-import updates by ID; export masks IDs."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services.importing import COLUMNS, TEMPLATE_COLUMNS, import_cadres
from skilled_township.core.resident_id import validate_resident_id

from .. import factories

HEADER = [title for title, _field in COLUMNS]


def roster_file(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def row(township="高村镇", name="干部", number=None, mobile="13800000001", position="一般干部", education="本科"):
    return [
        township,
        name,
        number or factories.resident_id(),
        mobile,
        position,
        education,
        "中共党员",
        "否",
        "在岗",
        None,
        "",
    ]


def test_one_bad_row_among_two_hundred_writes_nothing_and_names_the_row(world, secretary_of_gaocun):
    rows = [row(name=f"干部{i:03d}") for i in range(200)]
    good_number = rows[99][2]
    rows[99][2] = good_number[:-1] + ("0" if good_number[-1] != "0" else "1")  # wrong check digit
    result = import_cadres(roster_file(rows), by=secretary_of_gaocun)

    assert not result.ok and result.total == 200
    assert [(e.row, e.name) for e in result.errors] == [(101, "干部099")]
    assert result.errors[0].messages == ["身份证号码：身份证号码校验位错误，请核对。"]
    assert Cadre.objects.count() == 0


def test_the_import_page_shows_the_report(world, secretary_of_gaocun, client_as):
    rows = [row(name=f"干部{i}") for i in range(5)]
    rows[2][3] = "12345"
    rows[4][4] = "镇委委员"
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": roster_file(rows)})
    page = response.content.decode()
    assert "共 5 行，2 行有错误，未导入任何数据" in page
    assert "手机号码" in page and "镇委委员" in page
    assert Cadre.objects.count() == 0


def test_all_valid_rows_are_imported_and_re_import_updates_by_id(world, secretary_of_gaocun):
    rows = [row(name=f"干部{i}") for i in range(3)]
    first = import_cadres(roster_file(rows), by=secretary_of_gaocun)
    assert first.ok and (first.created, first.updated) == (3, 0)

    rows[0][1] = "改名了"
    rows[0][5] = "研究生"
    second = import_cadres(roster_file(rows), by=secretary_of_gaocun)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    assert Cadre.objects.count() == 3
    changed = Cadre.objects.get(id_number=rows[0][2])
    assert changed.name == "改名了" and changed.education == 5
    assert changed.gender == "M" and changed.birth_date.year == 1988  # derived from the ID


def test_a_secretary_cannot_import_into_another_township(world, secretary_of_other_township):
    result = import_cadres(roster_file([row(township="高村镇")]), by=secretary_of_other_township)
    assert not result.ok and "不在您的管辖范围内" in result.errors[0].messages[0]
    assert Cadre.objects.count() == 0


def test_a_cadre_of_another_township_is_not_taken_over_by_re_import(world, secretary_of_other_township):
    existing = factories.cadre(world.township, "龙建国")
    rows = [row(township="吕家坪镇", number=existing.id_number)]
    result = import_cadres(roster_file(rows), by=secretary_of_other_township)
    # A transfer request for the organisation department to decide, never an update of the other roster.
    assert (result.created, result.updated, result.transfers) == (0, 0, 1)
    existing.refresh_from_db()
    assert existing.township == world.township and existing.name == "龙建国"


def test_duplicate_ids_in_one_file_are_reported(world, org_admin):
    number = factories.resident_id()
    result = import_cadres(roster_file([row(number=number), row(number=number)]), by=org_admin)
    assert [e.row for e in result.errors] == [3]


def test_a_file_that_is_not_a_roster_is_refused(world, org_admin, client_as):
    response = client_as(org_admin).post(
        reverse("cadres:cadre_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")}
    )
    assert "无法读取该文件" in response.content.decode()


def test_the_template_downloads_with_the_expected_columns(world, secretary_of_gaocun, client_as):
    response = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_import_template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [title for title, _field in TEMPLATE_COLUMNS]
    id_column = sheet.cell(row=1, column=[t for t, _f in TEMPLATE_COLUMNS].index("身份证号码") + 1).column_letter
    assert sheet.column_dimensions[id_column].number_format == "@"  # text: Excel keeps 18 digits and the x
    drop_downs = {str(v.sqref).split(":")[0][:1]: v.formula1 for v in sheet.data_validations.dataValidation}
    education_column = sheet.cell(row=1, column=[t for t, _f in TEMPLATE_COLUMNS].index("学历") + 1).column_letter
    assert drop_downs[education_column] == '"初中及以下,高中/中专,大专,本科,研究生"'
    guide = [" ".join(str(c) for c in r if c is not None) for r in book["填写说明"].iter_rows(values_only=True)]
    assert any(line.startswith("学历 高中/中专") and "职高" in line and "技校" in line for line in guide)
    assert any(line.startswith("政治面貌 中共党员") and "党员" in line for line in guide)
    example = next(line for line in guide if "43122619880512058X" in line)
    assert "阿依古丽·买买提" in example
    validate_resident_id("43122619880512058X")  # the example's ID is valid


def test_export_gives_full_ids_to_the_roster_keeper_masks_them_for_others_and_neutralises_formulas(
    world, secretary_of_gaocun, reviewer_a, client_as
):
    shown = factories.cadre(world.township, '=HYPERLINK("http://x")', note="+cmd|' /C calc'!A0")
    hidden = factories.cadre(world.other_township, "吕家坪干部")
    response = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    exported = rows[1]
    assert exported[1].startswith("'=") and exported[11].startswith("'+")
    assert exported[3] == shown.id_number
    assert hidden.name not in {r[1] for r in rows}

    response = client_as(reviewer_a).get(reverse("cadres:cadre_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][3] == shown.masked_id_number
