import datetime

import pytest
from django.core.exceptions import ValidationError

from skilled_township.cadres.models import Cadre, Secondment
from skilled_township.core import resident_id

from .. import factories

VALID = "11010519491231002X"  # the standard's own example: born 1949-12-31, female


def test_the_standards_example_passes_and_yields_birth_date_and_gender():
    resident_id.validate_resident_id(VALID)
    assert resident_id.birth_date(VALID) == datetime.date(1949, 12, 31)
    assert resident_id.gender(VALID) == "F"
    assert resident_id.mask(VALID) == "1101**********002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "check_digit"),
        ("11010519491331002X", "birth_date"),
        ("1101051949123100", "format"),
        ("11010519491231002Y", "format"),
        ("110105209912310025", "birth_date"),  # born in the future
    ],
)
def test_bad_resident_ids_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        resident_id.validate_resident_id(number)
    assert error.value.code == code


def cadre(world, **changes):
    number = factories.resident_id(born="19850315", male=True)
    fields = {
        "township": world.township,
        "name": "向东",
        "id_number": number,
        "gender": "M",
        "birth_date": datetime.date(1985, 3, 15),
        "mobile": "13812345678",
        "position": "staff",
        "education": 4,
    }
    fields.update(changes)
    return Cadre(**fields)


def test_a_valid_cadre_passes(world):
    cadre(world).full_clean()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mobile": "1381234567"}, "mobile"),
        ({"mobile": "23812345678"}, "mobile"),
        ({"status": "left"}, "left_on"),
        ({"id_number": "431226198503150010"}, "id_number"),
    ],
)
def test_mismatches_and_bad_values_are_reported_on_their_field(world, changes, field):
    with pytest.raises(ValidationError) as error:
        cadre(world, **changes).full_clean()
    assert field in error.value.message_dict


def test_gender_and_birth_date_always_follow_the_resident_id(world):
    person = cadre(world, gender="F", birth_date=datetime.date(2001, 1, 1))
    person.full_clean()
    assert (person.gender, person.birth_date) == ("M", datetime.date(1985, 3, 15))


def test_a_bad_resident_id_is_reported_once_on_the_id(world):
    with pytest.raises(ValidationError) as error:
        cadre(world, id_number="431226198503150010", gender="", birth_date=None).full_clean()
    assert list(error.value.message_dict) == ["id_number"]


def test_a_cadre_must_belong_to_a_township(world):
    with pytest.raises(ValidationError) as error:
        cadre(world, township=world.county).full_clean()
    assert "township" in error.value.message_dict


def test_secondment_term_follows_its_kind(world):
    person = factories.cadre(world.township)
    deputy = Secondment.objects.create(
        cadre=person, kind="tech_deputy", sending_unit="农科院", start_date=datetime.date(2025, 3, 1)
    )
    first = Secondment.objects.create(
        cadre=person, kind="first_secretary", sending_unit="市委组织部", start_date=datetime.date(2024, 2, 29)
    )
    assert deputy.end_date == datetime.date(2027, 2, 28)
    assert first.end_date == datetime.date(2025, 2, 28)
