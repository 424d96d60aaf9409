"""The Excel import of households, members and incomes, with rows as clerks fill them in: headers in their own
words, full-width digits, a lowercase x, namesakes, village names two townships share; every error of every
row reported and nothing imported while one row is wrong; a big file through a background job."""

import io
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file
from skilled_township.pairing.models import Household, HouseholdIncome
from skilled_township.pairing.services.importing import HOUSEHOLDS, INCOMES, MEMBERS, import_file

from .. import factories
from . import household_builders as built
from .test_households import id_with_x, numbered_id

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
#: A clerk's own headers: synonyms for every column the template names otherwise.
CLERK_HEADER = ["序号", "乡镇", "村名", "户主", "公民身份号码", "电话", "人口", "劳动力", "建档立卡", "同村同名确认"]


@pytest.fixture
def shared_name(world):
    """A 新村 in both townships of 麻阳县 (names repeat between townships)."""
    return factories.region("431226101202", "新村", world.township), factories.region(
        "431226102202", "新村", world.other_township
    )


def upload(client, rows, header=CLERK_HEADER, kind=HOUSEHOLDS):
    url = reverse("pairing:household_import") + f"?kind={kind}"
    return client.post(url, {"file": built.workbook(header, rows)})


def test_a_clerks_file_imports_every_household_as_it_should_be_stored(world, secretary_of_gaocun, client_as):
    with_x = id_with_x()
    plain = factories.resident_id(born="19700707")
    namesake_id = factories.resident_id(born="19710707")
    rows = [
        [
            1,
            "",
            " 锦和村 ",
            "龙 德华",
            with_x[:-1].translate(FULL_WIDTH) + "x",
            "１３８００００１１１１",
            "４人",
            2,
            "是",
            "",
        ],
        [2, "高村镇", "锦和村", "田光明", plain, "", 3, "", "否", ""],
        # The same name as row 2 in the same village: another household, the clerk confirms.
        [3, "", "锦和村", "田光明", namesake_id, "", 2, 1, "", "是"],
    ]
    response = upload(client_as(secretary_of_gaocun), rows)
    page = response.content.decode()
    assert "共 3 行：新增 3" in page, page
    first = Household.objects.get(id_number=with_x)
    assert (first.head_name, first.village, first.phone, first.members, first.registered_poor) == (
        "龙德华",
        world.village,
        "13800001111",
        4,
        True,
    )
    assert Household.objects.filter(head_name="田光明", village=world.village).count() == 2


def test_a_file_with_several_faults_reports_every_error_of_every_row_and_imports_nothing(
    world, secretary_of_gaocun, client_as
):
    registered = built.household(world, "杨满仓")
    elsewhere = built.household(world, "吕老四", village=world.other_village)
    good = factories.resident_id(born="19800808")
    rows = [
        [1, "", "锦和村", "好人家", good, "", 3, 1, "", ""],
        # Unknown village, ID with a wrong check digit, members not a number: three errors in one row.
        [2, "", "不存在村", "错误户", "431226198008080000", "", "三口", "", "", ""],
        # Already registered here (named) and a namesake without confirmation.
        [3, "", "锦和村", "杨满仓", registered.id_number, "", 3, "", "", ""],
        # Registered in another township: said without saying where.
        [4, "", "锦和村", "另一户", elsewhere.id_number, "", 3, "", "", ""],
        # The same ID as row 1; more labour than members.
        [5, "", "锦和村", "重复户", good, "", 1, 2, "也许", ""],
    ]
    client = client_as(secretary_of_gaocun)
    page = upload(client, rows).content.decode()
    assert "共 5 行，4 行有错误，未导入任何数据。" in page
    for message in (
        "村：村“不存在村”不存在或不在您的管辖范围内。",
        "身份证号码：身份证号码校验位错误，请核对。",
        "家庭人口：“三口”不是整数。",
        "已登记为高村镇锦和村的农户“杨满仓”",
        "本村已登记户主同名的农户“杨满仓”",
        "该身份证号码已在其他乡镇登记为农户，不能重复登记。",
        "身份证号码：与第 2 行重复。",
        "建档立卡户：“也许”应填写“是”或“否”。",
        "劳动力人数不能多于家庭人口。",
    ):
        assert message in page, message
    assert "吕家坪" not in page and "吕老四" not in page
    assert Household.objects.count() == 2
    job = GeneratedFile.objects.get(kind="household_import")
    response = client.get(reverse("files:download", args=[job.pk]))
    report = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert report[0][-1] == "错误"
    errors = {row[0]: row[-1] for row in report[1:] if row}
    assert errors[1] is None and "不存在村" in errors[2] and "三口" in errors[2] and "校验位" in errors[2]


def test_a_village_name_two_townships_share_needs_the_township(world, org_admin, shared_name):
    first, second = factories.resident_id(born="19810101"), factories.resident_id(born="19810102")
    header = ["乡镇", "村", "户主姓名", "身份证号码", "家庭人口"]
    ambiguous = import_file(HOUSEHOLDS, built.workbook_bytes(header, [["", "新村", "甲", first, 2]]), by=org_admin)
    assert ambiguous.errors[0].messages == ["村：有 2 个村名为“新村”（高村镇、吕家坪镇），请在“乡镇”列填写所在乡镇。"]
    named = import_file(
        HOUSEHOLDS,
        built.workbook_bytes(header, [["吕家坪镇", "新村", "甲", first, 2], ["高村镇", "新村", "乙", second, 2]]),
        by=org_admin,
    )
    assert named.ok and named.created == 2
    assert Household.objects.get(id_number=first).village == shared_name[1]


def test_a_secretary_finds_the_village_of_their_own_township_by_its_shared_name(
    world, secretary_of_gaocun, shared_name
):
    number = factories.resident_id(born="19820101")
    result = import_file(
        HOUSEHOLDS,
        built.workbook_bytes(["村", "户主", "身份证号", "家庭人口"], [["新村", "甲", number, 2]]),
        by=secretary_of_gaocun,
    )
    assert result.ok and Household.objects.get().village == shared_name[0]


def test_members_and_incomes_are_linked_by_the_heads_id(world, secretary_of_gaocun, client_as):
    household = built.household(world, "舒春生")
    elsewhere = built.household(world, "外乡户", village=world.other_village)
    client = client_as(secretary_of_gaocun)
    typed = household.id_number.lower().translate(FULL_WIDTH)
    members = [[typed, "舒小芳", "女", 2001, "是"], [household.id_number, "舒老人", "父亲", 1940, "否"]]
    page = upload(client, members, ["户主身份证号", "姓名", "关系", "出生年份", "劳动能力"], MEMBERS).content.decode()
    assert "新增 2" in page
    assert list(household.people.order_by("id").values_list("name", "labour_capable")) == [
        ("舒小芳", True),
        ("舒老人", False),
    ]
    incomes = [[household.id_number, "２０２５", "9,876.5元", "入户核算"], [elsewhere.id_number, 2025, 5000, ""]]
    page = upload(client, incomes, ["户主身份证号码", "年份", "人均纯收入", "来源"], INCOMES).content.decode()
    assert "没有户主身份证号码为该号码的农户，或不在您的管辖范围内" in page and "外乡户" not in page
    assert not HouseholdIncome.objects.exists()
    page = upload(client, incomes[:1] * 2, ["户主身份证号码", "年份", "人均纯收入", "来源"], INCOMES).content.decode()
    assert "年度：与第 2 行重复。" in page
    page = upload(client, incomes[:1], ["户主身份证号码", "年份", "人均纯收入", "来源"], INCOMES).content.decode()
    assert HouseholdIncome.objects.get().per_capita_net_income == Decimal("9876.50")
    page = upload(client, incomes[:1], ["户主身份证号码", "年份", "人均纯收入", "来源"], INCOMES).content.decode()
    assert "该户 2025 年的人均纯收入已登记" in page and HouseholdIncome.objects.count() == 1
    negative = [[household.id_number, 2024, "-5", ""]]
    page = upload(client, negative, ["户主身份证号码", "年度", "人均纯收入（元）"], INCOMES).content.decode()
    assert "不能为负数。" in page


def test_a_file_missing_a_column_or_with_masked_ids_is_refused_as_a_whole(world, secretary_of_gaocun):
    missing = import_file(HOUSEHOLDS, built.workbook_bytes(["村", "户主"], [["锦和村", "甲"]]), by=secretary_of_gaocun)
    assert missing.refusal == "缺少列：身份证号码、家庭人口。请使用下载的模板。"
    masked = import_file(
        HOUSEHOLDS,
        built.workbook_bytes(["村", "户主", "身份证号码", "人口"], [["锦和村", "甲", "4312**********1234", 2]]),
        by=secretary_of_gaocun,
    )
    assert "打码" in masked.refusal and not Household.objects.exists()


def test_the_template_is_read_back_by_the_import(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    for kind in (HOUSEHOLDS, MEMBERS, INCOMES):
        response = client.get(reverse("pairing:household_import_template") + f"?kind={kind}")
        book = load_workbook(io.BytesIO(response.content))
        header = [cell for cell in next(book.active.values)]
        result = import_file(kind, built.workbook_bytes(header, []), by=secretary_of_gaocun)
        assert result.refusal.startswith("文件中没有数据行"), kind


def big_file(count: int) -> bytes:
    rows = [
        ["高村镇", "锦和村", f"户主{n}", numbered_id(n), "", 1 + n % 5, n % 2, "是" if n % 3 else ""]
        for n in range(count)
    ]
    return built.workbook_bytes(
        ["乡镇", "村", "户主姓名", "身份证号码", "联系电话", "家庭人口", "劳动力人数", "建档立卡户"], rows
    )


def test_a_big_file_is_imported_by_a_background_job(world, secretary_of_gaocun, client_as, settings):
    settings.CADRE_IMPORT_BACKGROUND_ROWS = 20
    client = client_as(secretary_of_gaocun)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("pairing:household_import"), {"file": SimpleUploadedFile("big.xlsx", big_file(30))})
    job = GeneratedFile.objects.get(kind="household_import")
    assert response.status_code == 302 and response["Location"] == reverse(
        "pairing:household_import_job", args=[job.pk]
    )
    assert "正在校验并导入 30 行" in client.get(response["Location"]).content.decode()
    assert not Household.objects.exists()
    assert generate_file(job.pk) == "done"
    assert Household.objects.count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "共 30 行：新增 30" in page


def test_two_thousand_households_import_in_a_few_seconds(world, secretary_of_gaocun):
    data = big_file(2000)
    started = time.perf_counter()
    result = import_file(HOUSEHOLDS, data, by=secretary_of_gaocun)
    elapsed = time.perf_counter() - started
    assert result.ok and Household.objects.count() == 2000
    print(f"2,000-row household import: {elapsed:.2f} s")
    assert elapsed < 30
