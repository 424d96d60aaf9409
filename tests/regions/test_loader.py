"""Loading a city's real region tree (fixtures/regions/431200.csv, 2023 codes) and later editions of it."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.roles import Role
from skilled_township.core.context import acting_as
from skilled_township.regions import codes
from skilled_township.regions.loading import RegionRow, read_rows
from skilled_township.regions.models import PilotTownship, Region, VillageIncome
from skilled_township.regions.services import load_region_tree

from .. import factories

FIXTURE = settings.BASE_DIR / "fixtures" / "regions" / "431200.csv"
HUAIHUA = "431200000000"
GAOCUN = "431226106000"  # 麻阳苗族自治县 高村镇
HONGJIANG = "431281000000"  # 洪江市
SHUANGXI = "431281105000"  # 双溪镇: merged away before 2023, so not in the fixture

LEVEL_COUNTS = {"city": 1, "county": 13, "township": 207, "village": 2777}


def load(rows: list[RegionRow] | None = None, year: int = 2023):
    with acting_as(source="command"):
        return load_region_tree(read_rows(FIXTURE) if rows is None else rows, year=year)


def region_entries():
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Region))


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write_csv(path, lines: list[str]):
    path.write_text("code,name,parent_code\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_fixture_is_the_whole_of_huaihua_city(db):
    result = load()

    assert {level: Region.objects.filter(level=level).count() for level in LEVEL_COUNTS} == LEVEL_COUNTS
    assert {level: counts["created"] for level, counts in result.counts.items()} == LEVEL_COUNTS
    gaocun = Region.objects.select_related("parent__parent").get(code=GAOCUN)
    assert (gaocun.name, gaocun.parent.name, gaocun.parent.parent.name) == ("高村镇", "麻阳苗族自治县", "怀化市")
    assert gaocun.children.count() == 39
    # Every unit hangs under the unit its code says, so "everything under X" is a prefix filter.
    for code, parent_code in Region.objects.exclude(code=HUAIHUA).values_list("code", "parent__code"):
        assert parent_code == codes.parent_of(code)
    assert not Region.objects.exclude(abolished_year=None).exists()


def test_every_unit_loaded_is_in_the_audit_trail_as_a_command(db):
    load()

    entries = region_entries()
    assert entries.filter(action="create").count() == sum(LEVEL_COUNTS.values())
    assert set(entries.values_list("source", flat=True)) == {"command"}
    gaocun = Region.objects.get(code=GAOCUN)
    entry = AuditEntry.objects.for_object(gaocun).get()
    assert entry.region_code == GAOCUN
    assert entry.changes["name"] == [None, "高村镇"]
    assert entry.changes["parent"] == [None, f"麻阳苗族自治县 (#{gaocun.parent_id})"]


def test_loading_the_same_edition_again_changes_nothing(db):
    load()
    entries, last_update = region_entries().count(), Region.objects.aggregate(Max("updated_at"))

    again = load()

    assert again.changed == 0
    assert {level: counts["unchanged"] for level, counts in again.counts.items()} == LEVEL_COUNTS
    assert region_entries().count() == entries
    assert Region.objects.aggregate(Max("updated_at")) == last_update


def test_a_renamed_unit_is_renamed_and_its_history_shows_the_old_and_new_name(db, client_as):
    rows = read_rows(FIXTURE)
    load([row._replace(name="高村乡") if row.code == GAOCUN else row for row in rows], year=2022)
    gaocun = Region.objects.get(code=GAOCUN)
    pilot = factories.pilot(gaocun)

    result = load(rows, year=2023)

    assert result.counts["township"]["renamed"] == 1 and result.changed == 1
    gaocun.refresh_from_db()
    assert gaocun.name == "高村镇" and gaocun.abolished_year is None
    assert PilotTownship.objects.get(pk=pilot.pk).township == gaocun
    change = AuditEntry.objects.for_object(gaocun).get(action="update")
    assert change.changes == {"name": ["高村乡", "高村镇"]} and change.source == "command"

    org_admin = factories.user("org_admin", Role.ORG_ADMIN, Region.objects.get(code=HUAIHUA))
    history = client_as(org_admin).get(
        reverse("accounts:audit_list"),
        {"content_type": ContentType.objects.get_for_model(Region).pk, "object_id": gaocun.pk},
    )
    assert "<del>高村乡</del>" in history.content.decode() and "<ins>高村镇</ins>" in history.content.decode()


@pytest.fixture
def shuangxi(db):
    """洪江市 双溪镇 as an older edition had it, with a pilot, a village and that village's income line."""
    load()
    township = factories.region(SHUANGXI, "双溪镇", Region.objects.get(code=HONGJIANG))
    village = factories.region("431281105201", "双溪村", township)
    return township, village, factories.pilot(township, industry="葡萄种植"), factories.income(village, 2022, "8600")


def test_a_unit_missing_from_the_new_edition_is_abolished_but_keeps_its_records(shuangxi, client_as):
    township, village, pilot, income = shuangxi

    result = load(year=2023)

    assert result.counts["township"]["abolished"] == 1 and result.counts["village"]["abolished"] == 1
    assert result.changed == 2
    township.refresh_from_db()
    village.refresh_from_db()
    assert (township.name, township.abolished_year) == ("双溪镇", 2023)
    assert village.abolished_year == 2023
    assert PilotTownship.objects.get(pk=pilot.pk).township == township
    assert VillageIncome.objects.get(pk=income.pk).village == village
    assert AuditEntry.objects.for_object(township).get(action="update").changes == {"abolished_year": [None, 2023]}

    org_admin = factories.user("org_admin", Role.ORG_ADMIN, Region.objects.get(code=HUAIHUA))
    client = client_as(org_admin)
    assert "双溪镇" in client.get(reverse("regions:pilot_list")).content.decode()
    detail = client.get(reverse("regions:region_detail", args=[SHUANGXI])).content.decode()
    assert "2023年已撤销" in detail
    offered = client.get(reverse("regions:pilot_create")).context["form"].fields["township"].queryset
    assert not offered.filter(code=SHUANGXI).exists()
    assert offered.filter(code="431281101000").exists()  # 黔城镇, which took 双溪's villages

    # A later edition that still lacks it leaves the year it was abolished alone.
    assert load(year=2024).changed == 0
    township.refresh_from_db()
    assert township.abolished_year == 2023


def test_a_unit_that_comes_back_is_current_again(shuangxi):
    township = shuangxi[0]
    load(year=2023)

    result = load([*read_rows(FIXTURE), RegionRow(SHUANGXI, "双溪镇", HONGJIANG)], year=2024)

    assert result.counts["township"]["restored"] == 1 and result.changed == 1
    assert Region.objects.current().filter(pk=township.pk).exists()


def test_the_command_prints_what_changed_per_level(db):
    first = run("load_regions", str(FIXTURE), "--year", "2023")
    assert "怀化市" in first
    assert "县（市、区）：新增 13, 更名 0, 恢复 0, 撤销 0, 未变 0" in first
    assert "乡镇：新增 207," in first and "村：新增 2777," in first

    second = run("load_regions", str(FIXTURE), "--year", "2023")
    assert "村：新增 0, 更名 0, 恢复 0, 撤销 0, 未变 2777" in second
    assert "没有变化" in second


def test_another_city_loads_the_same_way_and_leaves_huaihua_alone(db, tmp_path):
    load()
    xiangxi = [
        "433100000000,湘西土家族苗族自治州,",
        "433101000000,吉首市,433100000000",
        "433101002000,峒河街道,433101000000",
        "433101002001,峒河社区,433101002000",
        "433101002002,新桥社区,433101002000",
    ]

    out = run("load_regions", str(write_csv(tmp_path / "433100.csv", xiangxi)), "--year", "2023")

    assert "湘西土家族苗族自治州" in out and "村：新增 2," in out
    xiangxi_city = Region.objects.get(code="433100000000")
    assert xiangxi_city.parent is None and xiangxi_city.level == Region.Level.CITY
    assert Region.objects.get(code="433101002002").parent.name == "峒河街道"
    assert Region.objects.filter(code__startswith="4312").count() == sum(LEVEL_COUNTS.values())
    assert not Region.objects.exclude(abolished_year=None).exists()

    # That city's next edition: one community renamed, one gone; 怀化市 is still untouched.
    later = [*xiangxi[:3], "433101002001,峒河新社区,433101002000"]
    out = run("load_regions", str(write_csv(tmp_path / "433100-2024.csv", later)), "--year", "2024")
    assert "村：新增 0, 更名 1, 恢复 0, 撤销 1, 未变 0" in out
    assert Region.objects.get(code="433101002002").abolished_year == 2024
    assert Region.objects.exclude(abolished_year=None).count() == 1


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["433100000000,湘西土家族苗族自治州,", "433101002001,峒河社区,433101002000"], "433101002000"),
        (["433100000000,湘西土家族苗族自治州,", "431226000000,麻阳苗族自治县,433100000000"], "4331"),
        (["433101000000,吉首市,", "433101002000,峒河街道,433101000000"], "433101000000"),
        (["433100000000,湘西土家族苗族自治州,", "43310100200A,峒河街道,433101000000"], "43310100200A"),
    ],
    ids=["parent-missing", "wrong-city", "no-city", "bad-code"],
)
def test_a_file_that_is_not_one_whole_city_is_refused_and_nothing_is_loaded(db, tmp_path, lines, message):
    with pytest.raises(CommandError) as error:
        run("load_regions", str(write_csv(tmp_path / "bad.csv", lines)), "--year", "2023")
    assert message in str(error.value)
    assert not Region.objects.exists()
    assert not region_entries().exists()


PACKAGE = {
    "cities.csv": ["code,name,provinceCode", '4312,"怀化市",43', '4331,"湘西土家族苗族自治州",43'],
    "areas.csv": ["code,name,cityCode,provinceCode", '431226,"麻阳苗族自治县",4312,43', '433101,"吉首市",4331,43'],
    "streets.csv": [
        "code,name,areaCode,provinceCode,cityCode",
        '431226106,"高村镇",431226,43,4312',
        '433101002,"峒河街道",433101,43,4331',
    ],
    "villages.csv": [
        "code,name,streetCode,provinceCode,cityCode,areaCode",
        '431226106202,"通灵溪村",431226106,43,4312,431226',
        '433101002002,"新桥社区",433101002,43,4331,433101',
        '433101002001,"峒河社区",433101002,43,4331,433101',
    ],
}


def test_a_city_is_cut_from_the_package_files_and_then_loads(db, tmp_path):
    for name, lines in PACKAGE.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out" / "433100.csv"

    run("cut_regions", str(tmp_path), "--city", "4331", "--output", str(output))

    assert output.read_text(encoding="utf-8").splitlines() == [
        "code,name,parent_code",
        "433100000000,湘西土家族苗族自治州,",
        "433101000000,吉首市,433100000000",
        "433101002000,峒河街道,433101000000",
        "433101002001,峒河社区,433101002000",
        "433101002002,新桥社区,433101002000",
    ]
    assert "村：新增 2," in run("load_regions", str(output), "--year", "2023")


def test_a_city_without_counties_is_not_cut(tmp_path):
    package = {**PACKAGE, "areas.csv": [*PACKAGE["areas.csv"], '431200,"怀化市",4312,43']}
    for name, lines in package.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="431200000000"):
        run("cut_regions", str(tmp_path), "--city", "4312", "--output", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists()
