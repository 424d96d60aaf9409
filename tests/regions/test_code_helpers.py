import pytest

from skilled_township.regions import codes
from skilled_township.regions.models import Region


@pytest.mark.parametrize(
    ("code", "county"),
    [("431226101201", "431226000000"), ("431226101000", "431226000000"), ("431226000000", "431226000000")],
)
def test_the_county_of_a_village_township_or_county(code, county):
    assert codes.county_code_of(code) == county
    assert codes.county_prefix_of(code) == "431226"


@pytest.mark.parametrize(
    ("parent", "number", "child"),
    [
        ("431200000000", 26, "431226000000"),
        ("431226000000", 101, "431226101000"),
        ("431226101000", 201, "431226101201"),
    ],
)
def test_a_child_code_sits_one_level_down(parent, number, child):
    assert codes.child_code(parent, number) == child
    codes.validate_child_code(child, parent)


def test_a_village_lists_its_township_county_and_city_above_it(world):
    assert [region.name for region in Region.objects.get(code="431226101201").ancestors()] == [
        "怀化市",
        "麻阳苗族自治县",
        "高村镇",
    ]
