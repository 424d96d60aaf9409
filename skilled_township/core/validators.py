"""Validators shared by every app."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码（1开头）。"), code="mobile")


def not_in_future(value) -> None:
    """Logs record what happened: no dates after today (Asia/Shanghai)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future")


@deconstructible
class NotBefore:
    """A lower bound on a date, so a typo such as 0001-01-01 is refused on pages, in the API and in imports."""

    def __init__(self, earliest: datetime.date):
        self.earliest = earliest

    def __call__(self, value) -> None:
        if value is not None and value < self.earliest:
            raise ValidationError(
                _("日期不能早于 %(date)s。"),
                code="too_early",
                params={"date": formats.date_format(self.earliest, "Y-m-d")},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NotBefore) and other.earliest == self.earliest


#: The first day a programme log (study, demand) may record.
PROGRAMME_START = datetime.date(2000, 1, 1)
#: The earliest date of a cadre's own history (leaving a post); their birth date bounds it too.
CAREER_START = datetime.date(1950, 1, 1)
programme_date = NotBefore(PROGRAMME_START)
career_date = NotBefore(CAREER_START)


#: Free text a record carries (notes, descriptions, team lists); study notes may be longer.
NOTE_MAX_LENGTH = 2000
LONG_NOTE_MAX_LENGTH = 5000


def text_limit(max_length: int = NOTE_MAX_LENGTH) -> dict:
    """Keyword arguments of a TextField: forms and the API read ``max_length``, ``full_clean`` the validator."""
    return {"max_length": max_length, "validators": [MaxLengthValidator(max_length)]}


#: Years a programme record may belong to (plans, plan rules, village incomes, required skills, start years).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_validators() -> list:
    """Validators of every year field, so pages, the API and imports accept the same years."""
    return [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def is_programme_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
