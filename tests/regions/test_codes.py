import pytest
from django.core.exceptions import ValidationError

from skilled_township.regions import codes
from skilled_township.regions.models import Region


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("431200000000", "city"),
        ("431226000000", "county"),
        ("431226101000", "township"),
        ("431226101201", "village"),
    ],
)
def test_level_follows_the_trailing_zeros(code, level):
    codes.validate_division_code(code)
    assert codes.level_of(code) == level


@pytest.mark.parametrize(
    "bad",
    ["43122610100", "4312261010000", "43122610100A", "", "430000000000", "431200101000", "431226000201"],
)
def test_malformed_codes_are_rejected(bad):
    with pytest.raises(ValidationError):
        codes.validate_division_code(bad)


@pytest.mark.parametrize(
    ("child", "parent", "ok"),
    [
        ("431226101000", "431226000000", True),
        ("431226101201", "431226101000", True),
        ("431226000000", "431200000000", True),
        ("431228101000", "431226000000", False),  # another county's prefix
        ("431226101201", "431226000000", False),  # a village straight under a county
        ("431226000000", "431226101000", False),  # upside down
    ],
)
def test_child_codes_extend_the_parent_prefix_one_level_down(child, parent, ok):
    if ok:
        codes.validate_child_code(child, parent)
    else:
        with pytest.raises(ValidationError):
            codes.validate_child_code(child, parent)


def test_prefix_and_containment(world):
    assert world.city.prefix == "4312"
    assert world.county.prefix == "431226"
    assert world.township.prefix == "431226101"
    assert world.village.prefix == "431226101201"
    assert world.county.contains(world.village)
    assert not world.township.contains(world.other_village)
    assert [r.code for r in world.village.ancestors()] == [world.city.code, world.county.code, world.township.code]


def test_region_clean_reports_a_wrong_parent_on_the_code_field(world):
    stray = Region(code="431228101000", name="碧涌镇", parent=world.county)
    with pytest.raises(ValidationError) as error:
        stray.full_clean()
    assert "code" in error.value.message_dict


def test_only_a_city_may_have_no_parent(db):
    with pytest.raises(ValidationError) as error:
        Region(code="431226101000", name="高村镇").full_clean()
    assert "parent" in error.value.message_dict


def test_level_is_derived_on_save(world):
    assert world.township.level == Region.Level.TOWNSHIP
    assert Region.objects.get(code="431226101201").level == Region.Level.VILLAGE


@pytest.mark.parametrize(
    ("published", "code", "parent"),
    [
        ("4312", "431200000000", None),
        ("431226", "431226000000", "431200000000"),
        ("431226106", "431226106000", "431226000000"),
        ("431226106202", "431226106202", "431226106000"),
    ],
)
def test_codes_published_at_their_own_length_are_padded_and_know_their_parent(published, code, parent):
    assert codes.padded(published) == code
    assert codes.parent_of(code) == parent
    assert codes.city_of(code) == "431200000000"


def test_ancestors_run_from_the_city_down():
    assert codes.ancestors_of("431226106202") == ["431200000000", "431226000000", "431226106000"]
    assert codes.ancestors_of("431200000000") == []


@pytest.mark.parametrize(
    ("code", "rural"),
    [("431226106202", True), ("431226106399", True), ("431226106001", False), ("431221100400", False)],
)
def test_villagers_committees_are_told_from_urban_communities(code, rural):
    assert codes.is_villagers_committee(code) is rural
