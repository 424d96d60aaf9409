"""A crafted upload is refused cheaply: declared sheet size, zip bombs, row and column caps, empty files."""

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services.importing import MAX_ROWS, ROW_SLACK, import_cadres

from .test_import_export import HEADER, roster_file, row

#: The issue's bound: refusing a crafted file takes well under a second, because it reads no rows past the cap.
ONE_SECOND = 1.0
TOO_MANY_ROWS = f"工作表超过 {MAX_ROWS + ROW_SLACK} 行（空行也计入）。请删除末尾的空行，或分成多个文件导入。"


def saved(book: Workbook, name: str = "roster.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def timed_import(upload, by):
    started = time.perf_counter()
    result = import_cadres(upload, by=by)
    return result, time.perf_counter() - started


def big_sheet(rows, *, empty_after: int = 0) -> SimpleUploadedFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    for _ in range(empty_after):
        sheet.append([""] * len(HEADER))
    return saved(book)


def test_a_sheet_declaring_the_whole_grid_is_refused_within_a_second(world, secretary_of_gaocun):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=1_000_000, column=16_384, value="x")  # declared dimension A1:XFD1000000
    upload = saved(book)
    assert upload.size < 10_000

    result, seconds = timed_import(upload, secretary_of_gaocun)

    assert seconds < ONE_SECOND
    assert not result.ok and result.refusal == "工作表有 16384 列，最多 50 列。请使用下载的模板。"
    assert Cadre.objects.count() == 0


def test_one_cell_far_down_in_the_template_columns_is_refused_within_a_second(world, secretary_of_gaocun):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(row())
    sheet.cell(row=1_048_576, column=len(HEADER), value="x")

    result, seconds = timed_import(saved(book), secretary_of_gaocun)

    assert seconds < ONE_SECOND
    assert result.refusal == TOO_MANY_ROWS


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, secretary_of_gaocun):
    buffer = io.BytesIO(roster_file([row()]).read())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    upload = SimpleUploadedFile("roster.xlsx", buffer.getvalue())
    assert upload.size < 200_000

    result, seconds = timed_import(upload, secretary_of_gaocun)

    assert seconds < ONE_SECOND
    assert result.refusal == "文件解压后超过 20 MB，不是干部名册。请使用下载的模板。"


def test_more_data_rows_than_the_cap_are_refused(world, secretary_of_gaocun):
    result = import_cadres(big_sheet([row(name=f"干部{i}") for i in range(6000)]), by=secretary_of_gaocun)
    assert result.refusal == "一次最多导入 5000 行。"
    assert Cadre.objects.count() == 0


def test_empty_rows_count_toward_the_rows_read(world, secretary_of_gaocun):
    rows = [row(township="不存在镇", name=f"干部{i}") for i in range(MAX_ROWS)]

    refused = import_cadres(big_sheet(rows, empty_after=3000), by=secretary_of_gaocun)
    assert refused.refusal == TOO_MANY_ROWS

    # Within the slack, the empty rows are passed over and every data row is checked (here all fail on the township).
    checked = import_cadres(big_sheet(rows, empty_after=500), by=secretary_of_gaocun)
    assert checked.refusal == "" and checked.total == MAX_ROWS and len(checked.errors) == MAX_ROWS


def test_a_file_with_no_data_rows_says_so(world, secretary_of_gaocun, client_as):
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": roster_file([])})
    page = response.content.decode()
    assert "文件中没有数据行" in page
    assert "请改正后重新上传" not in page and 'id="import-errors"' not in page


def test_a_corrupt_workbook_is_refused_with_a_message(world, secretary_of_gaocun, client_as):
    data = roster_file([row()]).read()
    broken = SimpleUploadedFile("roster.xlsx", data[: len(data) // 2])
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": broken})
    assert response.status_code == 200
    assert "无法读取该文件，请上传 Excel（.xlsx）文件。" in response.content.decode()

    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")
    result = import_cadres(SimpleUploadedFile("roster.xlsx", not_a_workbook.getvalue()), by=secretary_of_gaocun)
    assert result.refusal == "无法读取该文件，请上传 Excel（.xlsx）文件。"


def test_an_upload_over_five_megabytes_is_refused_by_the_form(world, secretary_of_gaocun, client_as):
    upload = SimpleUploadedFile("roster.xlsx", b"PK" + b"\0" * (5 * 1024 * 1024))
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": upload})
    assert "文件不能超过 5 MB。" in response.content.decode()
