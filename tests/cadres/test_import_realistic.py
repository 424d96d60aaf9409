"""The import as an organisation-department clerk uses it: a 200-row file pasted the way clerks write
(full-width digits, spaces, lowercase x, middle-dot names, synonyms in either language), in both interface
languages; six planted faults, each with every error of its row; townships that share a name; an unchanged
re-import; the export → re-import round trip."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services.export import roster_bytes
from skilled_township.cadres.services.importing import import_cadres

from .. import factories
from .clerk_rows import HEADER, clerk_rows, upload


def plant_faults(rows: list[list]) -> dict[int, list[str]]:
    """Six faulty rows, each with more than one error: sheet row number → every message the report must give."""
    rows[9][6] = rows[9][6][:-1] + ("1" if rows[9][6][-1] != "1" else "2")  # check digit
    rows[9][7] = "1380000"
    rows[29][9] = "幼儿园"
    rows[29][8] = "镇委委员"
    rows[49][2] = "不存在镇"
    rows[49][10] = "外星人"
    rows[69][6] = factories.resident_id(born="19580512", male=True)
    rows[69][4] = "女"
    rows[69][5] = "1990-01-01"
    rows[89][3] = ""
    rows[89][12] = "离岗"
    rows[119][6] = rows[109][6]  # the same person twice
    rows[119][11] = "也许"
    rows[119][13] = "昨天"
    return {
        11: ["身份证号码：身份证号码校验位错误，请核对。", "手机号码：请输入11位手机号码（1开头）。"],
        31: ["职务类别：“镇委委员”不是有效的选项。", "学历：“幼儿园”不是有效的选项。"],
        51: [
            "乡镇：县市区“麻阳苗族自治县”下没有乡镇“不存在镇”，或不在您的管辖范围内。",
            "政治面貌：“外星人”不是有效的选项。",
        ],
        71: [
            "性别：填写的“女”与身份证号码得出的“男”不一致。",
            "出生日期：填写的“1990-01-01”与身份证号码得出的“1958-05-12”不一致。",
        ],
        91: ["姓名：此字段不能为空。", "离岗日期：离岗的干部请填写离岗日期。"],
        121: [
            "身份证号码：与第 111 行重复。",
            "后备干部：“也许”不是有效的选项。",
            "离岗日期：“昨天”不是日期，格式应为 2025-03-01。",
        ],
    }


def test_two_hundred_clerk_rows_with_six_planted_faults_report_every_error_of_each(world, secretary_of_gaocun):
    rows, _expected = clerk_rows()
    faults = plant_faults(rows)

    result = import_cadres(upload(HEADER, rows), by=secretary_of_gaocun)

    assert not result.ok and result.total == 200
    assert {error.row: error.messages for error in result.errors} == faults
    assert Cadre.objects.count() == 0


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_valid_clerk_row_imports_normalised_in_either_interface_language(world, secretary_of_gaocun, language):
    rows, expected = clerk_rows()
    with translation.override(language):
        result = import_cadres(upload(HEADER, rows), by=secretary_of_gaocun)

    assert result.errors == [] and result.refusal == ""
    assert (result.created, result.updated, result.unchanged) == (200, 0, 0)
    stored = {c.id_number: c for c in Cadre.objects.all()}
    for want in expected:
        cadre = stored[want["id_number"]]
        assert cadre.township == world.township
        assert {f: getattr(cadre, f) for f in want} == want


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_faults_are_found_in_either_interface_language(world, secretary_of_gaocun, language):
    rows, _expected = clerk_rows(130)
    faults = plant_faults(rows)
    with translation.override(language):
        result = import_cadres(upload(HEADER, rows), by=secretary_of_gaocun)
    assert {e.row: len(e.messages) for e in result.errors} == {row: len(m) for row, m in faults.items()}


def test_unknown_columns_are_named_in_a_warning(world, secretary_of_gaocun, client_as):
    rows, _expected = clerk_rows(3)
    file = upload([*HEADER, "籍贯", "工作单位"], [[*values, "湖南", "镇政府"] for values in rows])
    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": file})
    page = response.content.decode()
    assert "以下列未导入：籍贯、工作单位。" in page
    assert "共 3 行：新增 3、更新 0、未变 0。" in page


@pytest.fixture
def namesake(world):
    """A second 高村镇, in another county."""
    return factories.region("431228101000", "高村镇", world.other_county)


def one_row(township, county=""):
    number = factories.resident_id()
    return [
        1,
        county,
        township,
        "张三",
        "",
        "",
        number,
        "13800000000",
        "一般干部",
        "本科",
        "党员",
        "否",
        "在岗",
        "",
        "",
    ]


def test_a_township_name_two_townships_share_asks_for_the_county_or_the_code(world, namesake, org_admin):
    result = import_cadres(upload(HEADER, [one_row("高村镇")]), by=org_admin)
    assert result.errors[0].messages == [
        "乡镇：有 2 个乡镇名为“高村镇”（麻阳苗族自治县 431226101000、芷江侗族自治县 431228101000），"
        "请填写县市区或 12 位乡镇代码。"
    ]
    assert Cadre.objects.count() == 0

    result = import_cadres(
        upload(
            HEADER,
            [one_row("高村镇", "芷江侗族自治县"), one_row("431226101000"), one_row("高 村 镇", "麻阳苗族自治县")],
        ),
        by=org_admin,
    )
    assert result.ok and result.created == 3
    assert sorted(Cadre.objects.values_list("township__code", flat=True)) == [
        "431226101000",
        "431226101000",
        "431228101000",
    ]


def test_a_township_name_is_not_ambiguous_to_whom_only_one_is_visible(world, namesake, secretary_of_gaocun):
    result = import_cadres(upload(HEADER, [one_row("高村镇")]), by=secretary_of_gaocun)
    assert result.ok and Cadre.objects.get().township == world.township


def cadre_entries() -> int:
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Cadre)).count()


def test_an_unchanged_re_import_changes_nothing_says_so_and_writes_no_audit_entry(
    world, secretary_of_gaocun, client_as
):
    rows, _expected = clerk_rows(50)
    assert import_cadres(upload(HEADER, rows), by=secretary_of_gaocun).created == 50
    entries = cadre_entries()
    stamps = dict(Cadre.objects.values_list("id", "updated_at"))

    response = client_as(secretary_of_gaocun).post(reverse("cadres:cadre_import"), {"file": upload(HEADER, rows)})

    page = response.content.decode()
    assert "共 50 行：新增 0、更新 0、未变 50。" in page and "名册与文件一致，没有任何改动。" in page
    assert cadre_entries() == entries
    assert dict(Cadre.objects.values_list("id", "updated_at")) == stamps


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_export_re_imports_unchanged(world, secretary_of_gaocun, client_as, language):
    rows, _expected = clerk_rows(40)
    rows[3][13], rows[3][12] = "2024-06-30", "离岗"
    rows[5][14] = "驻村工作队"
    assert import_cadres(upload(HEADER, rows), by=secretary_of_gaocun).created == 40
    entries = cadre_entries()

    with translation.override(language):  # the page's language is put back after the request
        exported = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_export"), HTTP_ACCEPT_LANGUAGE=language)
        result = import_cadres(SimpleUploadedFile("export.xlsx", exported.content), by=secretary_of_gaocun)

    assert result.errors == [] and result.warnings == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 40)
    assert cadre_entries() == entries


def test_a_masked_export_is_refused_whole_with_a_clear_message(world, secretary_of_gaocun, reviewer_a):
    cadre = factories.cadre(world.township, "麻秀英")
    masked = roster_bytes(Cadre.objects.select_related("township__parent"), full_ids=False)
    with translation.override("zh-hans"):
        result = import_cadres(SimpleUploadedFile("export.xlsx", masked), by=secretary_of_gaocun)
    assert result.refusal.startswith("第 2 行的身份证号码是打码的（如 4312**********1234），无法确定是哪一位干部")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    cadre.refresh_from_db()
    assert cadre.name == "麻秀英"
