"""The education structure of cadres against seed 001's six targets, per region and year, with its roll-ups for
a county and the city, drill-down, scoping, export and query count."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.accounts.roles import Role
from skilled_township.cadres.models import Education, EducationTarget
from skilled_township.cadres.services import education

from .. import factories

URL = reverse("cadres:education")
YEAR = 2026

E = Education
JUNIOR_HIGH, SENIOR_HIGH, COLLEGE, BACHELOR, POSTGRADUATE = (
    E.JUNIOR_HIGH,
    E.SENIOR_HIGH,
    E.JUNIOR_COLLEGE,
    E.BACHELOR,
    E.POSTGRADUATE,
)


def person(township, name, position, education, reserve="", **extra):
    return factories.cadre(
        township, name, position=position, education=education, reserve_level=reserve, male=False, **extra
    )


def figures(structure_or_figures) -> dict[str, tuple]:
    """group → (cadres, qualified, share, target percent, least education, met, short)."""
    groups = getattr(structure_or_figures, "totals", structure_or_figures).groups
    return {
        f.group: (f.cadres, f.qualified, f.share, f.target.percent, f.target.min_education, f.met, f.short)
        for f in groups
    }


@pytest.fixture
def county_admin(world):
    return factories.user("org_admin_mayang", Role.ORG_ADMIN, world.county)


# --- The six groups on a hand-computed roster ---------------------------------------------------------------


def test_the_six_groups_of_a_township_against_the_seed_targets(world):
    t = world.township
    person(t, "书记", "party_secretary", COLLEGE)  # 大专: on the team, but the secretary needs 本科
    person(t, "镇长", "mayor", BACHELOR)
    person(t, "委员甲", "leadership", SENIOR_HIGH)
    person(t, "委员乙", "leadership", POSTGRADUATE)
    person(t, "干部甲", "staff", COLLEGE, reserve="township")
    person(t, "干部乙", "staff", SENIOR_HIGH, reserve="township")
    person(t, "站长", "station_head", BACHELOR)
    person(t, "科技副镇长", "tech_deputy", POSTGRADUATE)
    person(t, "已离岗", "staff", JUNIOR_HIGH, status="left", left_on="2025-01-01")  # not counted anywhere
    person(t, "村书记甲", "village_secretary", SENIOR_HIGH)
    person(t, "村书记乙", "village_secretary", JUNIOR_HIGH)
    person(t, "村书记丙", "village_secretary", COLLEGE)
    person(t, "村书记丁", "village_secretary", SENIOR_HIGH, reserve="township")
    person(t, "村书记戊", "village_secretary", BACHELOR)
    person(t, "村干部甲", "village_cadre", SENIOR_HIGH, reserve="village")
    person(t, "村官", "college_graduate", BACHELOR, reserve="village")
    person(t, "村干部乙", "village_cadre", JUNIOR_HIGH, reserve="village")
    person(t, "第一书记", "first_secretary", BACHELOR)  # in no group
    person(world.other_township, "外镇书记", "party_secretary", JUNIOR_HIGH)  # another township

    structure = education.education_structure(t, YEAR)

    # cadres, qualified, share, target, least education, met, short (cadres more needed to meet the target)
    assert figures(structure) == {
        # 书记 only; 大专 < 本科: 0 of 1, one short of 100%.
        "party_secretary": (1, 0, Decimal("0.0"), Decimal("100"), BACHELOR, False, 1),
        # 书记, 镇长, 委员甲, 委员乙: all but 委员甲 (高中) hold 大专+; 3/4 = 75% < 90%; 90% of 4 = 3.6 → 4 needed.
        "leadership": (4, 3, Decimal("75.0"), Decimal("90"), COLLEGE, False, 1),
        # 干部甲, 干部乙, 站长, 科技副镇长: 干部乙 (高中) falls short; 3/4 = 75% < 80%; 80% of 4 = 3.2 → 4 needed.
        "others": (4, 3, Decimal("75.0"), Decimal("80"), COLLEGE, False, 1),
        # 甲 丙 丁 戊 hold 高中+, 乙 初中: 4/5 = exactly 80%, met.
        "village_secretary": (5, 4, Decimal("80.0"), Decimal("80"), SENIOR_HIGH, True, 0),
        # 干部甲 (大专), 干部乙 (高中), 村书记丁 (高中): 1/3; 95% of 3 = 2.85 → 3 needed, 2 short.
        "township_reserve": (3, 1, Decimal("33.3"), Decimal("95"), COLLEGE, False, 2),
        # 村干部甲 (高中), 村官 (本科), 村干部乙 (初中): 2/3; 90% of 3 = 2.7 → 3 needed.
        "village_reserve": (3, 2, Decimal("66.7"), Decimal("90"), SENIOR_HIGH, False, 1),
    }
    assert (structure.totals.short, structure.totals.failing) == (6, 5)
    assert structure.children == []


def test_a_group_with_nobody_in_it_has_no_share_and_misses_nothing(world):
    person(world.township, "干部", "staff", BACHELOR)
    rows = {f.group: f for f in education.education_structure(world.township, YEAR).totals.groups}
    assert (rows["party_secretary"].share, rows["party_secretary"].met, rows["party_secretary"].short) == (
        None,
        True,
        0,
    )


def test_the_met_verdict_is_exact_not_rounded(world):
    # 2 of 3 hold 大专: 66.666…%, shown as 66.7%, which does not meet a target of 66.7%.
    person(world.township, "干部甲", "staff", COLLEGE)
    person(world.township, "干部乙", "staff", COLLEGE)
    person(world.township, "干部丙", "staff", SENIOR_HIGH)
    target = EducationTarget.objects.create(
        region=world.city, year=YEAR, group="others", target_percent=Decimal("66.7")
    )

    def others():
        return {f.group: f for f in education.education_structure(world.township, YEAR).totals.groups}["others"]

    assert (others().share, others().met, others().short) == (Decimal("66.7"), False, 1)
    target.target_percent = Decimal("66.6")
    target.save()
    assert (others().share, others().met, others().short) == (Decimal("66.7"), True, 0)


# --- Targets per region and year ----------------------------------------------------------------------------


def test_a_countys_target_overrides_the_citys_for_its_year_only(world):
    person(world.township, "干部甲", "staff", SENIOR_HIGH)
    person(world.township, "干部乙", "staff", COLLEGE)
    person(world.township, "干部丙", "staff", JUNIOR_HIGH)
    EducationTarget.objects.create(region=world.city, year=2025, group="others", target_percent=Decimal("85"))
    EducationTarget.objects.create(region=world.city, year=2026, group="others", target_percent=Decimal("99"))
    EducationTarget.objects.create(
        region=world.county, year=2026, group="others", min_education=SENIOR_HIGH, target_percent=Decimal("60")
    )

    def others(region, year):
        return {f.group: f for f in education.education_structure(region, year).totals.groups}["others"]

    # 2026: the county's own target (高中以上 60%) for the township and the county; the city's for the city.
    in_2026 = others(world.township, 2026)
    assert (in_2026.target.percent, in_2026.target.configured_at, in_2026.qualified, in_2026.met) == (
        Decimal("60"),
        "麻阳苗族自治县",
        2,
        True,
    )
    assert others(world.county, 2026).target.percent == Decimal("60")
    city = others(world.city, 2026)
    assert (city.target.percent, city.target.min_education, city.qualified, city.met) == (
        Decimal("99"),
        COLLEGE,
        1,
        False,
    )
    # 2025: the county set nothing, so the city's 2025 target (大专以上 85%) applies.
    in_2025 = others(world.township, 2025)
    assert (in_2025.target.percent, in_2025.target.configured_at, in_2025.qualified, in_2025.met) == (
        Decimal("85"),
        "怀化市",
        1,
        False,
    )
    # 2024: nothing configured anywhere: seed 001's 大专以上 80%.
    in_2024 = others(world.township, 2024)
    assert (in_2024.target.percent, in_2024.target.configured_at, in_2024.target.min_education) == (
        Decimal("80"),
        "",
        COLLEGE,
    )


def test_a_target_left_without_an_education_takes_its_groups_default(world, org_admin, client_as):
    response = client_as(org_admin).post(
        reverse("cadres:target_create"),
        {"region": world.county.pk, "year": 2027, "group": "village_reserve", "target_percent": "92"},
    )
    assert response.status_code == 302
    target = EducationTarget.objects.get(group="village_reserve")
    assert (target.year, target.min_education) == (2027, SENIOR_HIGH)


def test_one_target_per_region_group_and_year(world, org_admin, client_as):
    EducationTarget.objects.create(region=world.county, year=2026, group="leadership", target_percent=Decimal("90"))
    client = client_as(org_admin)
    data = {"region": world.county.pk, "group": "leadership", "min_education": 3, "target_percent": "95"}
    assert client.post(reverse("cadres:target_create"), {**data, "year": 2026}).status_code == 200  # refused
    assert client.post(reverse("cadres:target_create"), {**data, "year": 2027}).status_code == 302
    assert EducationTarget.objects.filter(region=world.county, group="leadership").count() == 2


# --- Roll-ups ------------------------------------------------------------------------------------------------


@pytest.fixture
def two_townships(world):
    """高村镇 and 吕家坪镇 in 麻阳县; 锦江镇 without cadres; 芷江镇 in the other county."""
    jinjiang = factories.region("431226100000", "锦江镇", world.county)
    zhijiang = factories.region("431228101000", "芷江镇", world.other_county)
    g, lv = world.township, world.other_township
    person(g, "高村书记", "party_secretary", BACHELOR)
    person(g, "高村镇长", "mayor", COLLEGE)
    person(g, "高村委员", "leadership", SENIOR_HIGH)
    person(lv, "吕家坪书记", "party_secretary", COLLEGE)
    person(lv, "吕家坪镇长", "mayor", BACHELOR)
    person(lv, "吕家坪干部甲", "staff", SENIOR_HIGH)
    person(lv, "吕家坪干部乙", "staff", COLLEGE)
    person(lv, "吕家坪村书记", "village_secretary", JUNIOR_HIGH)
    person(zhijiang, "芷江书记", "party_secretary", JUNIOR_HIGH)
    return {"jinjiang": jinjiang, "zhijiang": zhijiang}


def test_a_county_roll_up_adds_up_its_townships_and_ranks_them_by_shortfall(world, two_townships):
    structure = education.education_structure(world.county, YEAR)

    # 高村镇: 书记 本科 ✓; team 书记 ✓ 镇长 ✓ 委员 ✗ → 2/3, 90% of 3 = 2.7 → 1 short.
    # 吕家坪镇: 书记 大专 ✗ (1 short); team 书记 ✓ 镇长 ✓ → 2/2; others 干部乙 ✓ 干部甲 ✗ → 1/2, 80% of 2 = 1.6 →
    # 1 short; 村书记 初中 ✗ → 0/1, 1 short.
    # 麻阳县 (both): 书记 1/2, 100% of 2 → 1 short; team 4/5 = 80%, 90% of 5 = 4.5 → 1 short; others 1/2 → 1
    # short; 村书记 0/1 → 1 short. 芷江镇 is another county's.
    assert figures(structure) == {
        "party_secretary": (2, 1, Decimal("50.0"), Decimal("100"), BACHELOR, False, 1),
        "leadership": (5, 4, Decimal("80.0"), Decimal("90"), COLLEGE, False, 1),
        "others": (2, 1, Decimal("50.0"), Decimal("80"), COLLEGE, False, 1),
        "village_secretary": (1, 0, Decimal("0.0"), Decimal("80"), SENIOR_HIGH, False, 1),
        "township_reserve": (0, 0, None, Decimal("95"), COLLEGE, True, 0),
        "village_reserve": (0, 0, None, Decimal("90"), SENIOR_HIGH, True, 0),
    }
    ranked = [(child.region.name, child.short, child.failing) for child in structure.children]
    assert ranked == [("吕家坪镇", 3, 3), ("高村镇", 1, 1), ("锦江镇", 0, 0)]
    gaocun = structure.children[1]
    assert figures(gaocun)["leadership"] == (3, 2, Decimal("66.7"), Decimal("90"), COLLEGE, False, 1)


def test_each_township_of_a_roll_up_is_measured_against_its_own_target(world, two_townships):
    # 吕家坪镇's own 2026 target for its other cadres: 高中以上 50%: both of them meet it, so it is 1 short fewer.
    EducationTarget.objects.create(
        region=world.other_township, year=YEAR, group="others", min_education=SENIOR_HIGH, target_percent=50
    )
    structure = education.education_structure(world.county, YEAR)
    ranked = [(child.region.name, child.short) for child in structure.children]
    assert ranked == [("吕家坪镇", 2), ("高村镇", 1), ("锦江镇", 0)]
    # The county's own figure keeps the county's target (seed: 大专以上 80%).
    assert figures(structure)["others"][:2] == (2, 1)


def test_a_city_roll_up_ranks_its_counties(world, two_townships, org_admin, client_as):
    structure = education.education_structure(world.city, YEAR)
    # 芷江's one cadre, its secretary (初中), is short for the secretary and for the team: 2.
    assert [(c.region.name, c.short) for c in structure.children] == [("麻阳苗族自治县", 4), ("芷江侗族自治县", 2)]
    assert figures(structure)["party_secretary"][:2] == (3, 1)


# --- The page: start, drill-down, scope, year, export --------------------------------------------------------


def child_links(response) -> list[tuple[str, str]]:
    """(name, link) of each row of the ranking, in order."""
    html = response.content.decode()
    table = html[html.index('id="children-table"') : html.index("</table>", html.index('id="children-table"'))]
    rows = []
    for part in table.split('<td class="name-cell"><a href="')[1:]:
        link, rest = part.split('">', 1)
        rows.append((rest.split("</a>", 1)[0], link.replace("&amp;", "&")))
    return rows


def test_the_page_drills_down_from_the_city_to_a_township(world, two_townships, org_admin, client_as):
    client = client_as(org_admin)
    city = client.get(URL)
    assert city.context["region"] == world.city and city.context["year"] == YEAR
    assert child_links(city) == [
        ("麻阳苗族自治县", f"?region=431226000000&year={YEAR}"),
        ("芷江侗族自治县", f"?region=431228000000&year={YEAR}"),
    ]
    county = client.get(URL + child_links(city)[0][1])
    assert county.context["region"] == world.county
    assert child_links(county) == [
        ("吕家坪镇", f"?region=431226102000&year={YEAR}"),
        ("高村镇", f"?region=431226101000&year={YEAR}"),
        ("锦江镇", f"?region=431226100000&year={YEAR}"),
    ]
    township = client.get(URL + child_links(county)[1][1])
    html = township.content.decode()
    assert township.context["region"] == world.township
    assert 'id="children-table"' not in html  # the last level
    # The way back up: the city and the county, each a link to its own page.
    assert f'href="?region=431200000000&amp;year={YEAR}">怀化市</a>' in html
    assert f'href="?region=431226000000&amp;year={YEAR}">麻阳苗族自治县</a>' in html


def test_the_page_explains_who_is_in_each_group(world, org_admin, client_as):
    html = client_as(org_admin).get(URL).content.decode()
    assert "党委书记同时计入“班子成员”" in html
    assert "职务类别为“一般干部”、“站所负责人”、“科技副镇长（挂职）”的在岗干部" in html
    assert "“后备干部”一栏为“村级后备干部”的在岗干部" in html


def test_each_user_starts_on_their_own_scope(
    world, two_townships, county_admin, secretary_of_gaocun, leader, client_as
):
    assert client_as(leader).get(URL).context["region"] == world.city
    assert client_as(county_admin).get(URL).context["region"] == world.county
    own = client_as(secretary_of_gaocun).get(URL)
    assert own.context["region"] == world.township
    assert "trail" in own.context and own.context["trail"] == []  # nothing above their township to open


@pytest.mark.parametrize(
    ("who", "region_code"),
    [
        ("county_admin", "431228000000"),  # another county's roll-up
        ("county_admin", "431200000000"),  # the city above
        ("county_admin", "431228101000"),  # a township of another county
        ("secretary", "431226000000"),  # the county of the secretary's own township
        ("secretary", "431226102000"),  # a neighbouring township
        ("secretary", "431226101201"),  # a village of their own township: not a level of this page
        ("secretary", "nonsense"),
    ],
)
def test_a_region_outside_the_scope_is_not_found(
    who, region_code, world, two_townships, county_admin, secretary_of_gaocun, client_as
):
    user = {"county_admin": county_admin, "secretary": secretary_of_gaocun}[who]
    assert client_as(user).get(URL, {"region": region_code}).status_code == 404


def test_the_year_chooses_the_targets(world, two_townships, county_admin, client_as):
    EducationTarget.objects.create(region=world.county, year=2025, group="leadership", target_percent=Decimal("70"))
    client = client_as(county_admin)
    by_year = {}
    for year in (2025, 2026):
        response = client.get(URL, {"year": year})
        assert response.context["year"] == year
        rows = {f.group: f for f in response.context["structure"].totals.groups}
        by_year[year] = (rows["leadership"].target.percent, rows["leadership"].met)
    assert by_year == {2025: (Decimal("70"), True), 2026: (Decimal("90"), False)}
    assert 'href="?region=431226101000&amp;year=2025"' in client.get(URL, {"year": 2025}).content.decode()


def test_the_export_holds_the_page_and_only_the_users_scope(world, two_townships, county_admin, client_as):
    response = client_as(county_admin).get(URL, {"year": YEAR, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("区域", "干部群体", "学历要求", "人数")
    assert rows[1] == ("麻阳苗族自治县（合计）", "乡镇党委书记", "本科及以上", 2, 1, 50, 100, 1, "未达标")
    regions = [row[0] for row in rows[1:]]
    assert regions == ["麻阳苗族自治县（合计）"] * 6 + ["吕家坪镇"] * 6 + ["高村镇"] * 6 + ["锦江镇"] * 6
    assert ("锦江镇", "村级后备干部", "高中/中专及以上", 0, 0, None, 90, 0, "无人员") in rows
    assert "芷江" not in str(rows)


def test_the_page_costs_the_same_queries_however_many_townships(
    world, org_admin, client_as, django_assert_max_num_queries
):
    client = client_as(org_admin)

    def queries(region) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"region": region.code}).status_code == 200
        return len(captured)

    person(world.township, "书记", "party_secretary", BACHELOR)
    small = {level: queries(region) for level, region in (("city", world.city), ("county", world.county))}
    for n in range(12):
        county = world.county if n % 2 else world.other_county
        township = factories.region(county.code[:6] + f"{110 + n:03d}000", f"新镇{n}", county)
        for position in ("party_secretary", "leadership", "staff", "village_secretary"):
            person(township, f"{position}{n}", position, COLLEGE, reserve="village" if n % 3 else "")
        EducationTarget.objects.create(region=township, year=YEAR, group="others", target_percent=Decimal("70"))
    large = {level: queries(region) for level, region in (("city", world.city), ("county", world.county))}
    assert large == small
    with django_assert_max_num_queries(small["city"]):
        client.get(URL)
