"""Validators shared by every app."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码（1开头）。"), code="mobile")


def not_in_future(value) -> None:
    """Logs record what happened: no dates after today (Asia/Shanghai)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future")


#: Years a programme record may belong to (plans, plan rules, village incomes, required skills, start years).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_validators() -> list:
    """Validators of every year field, so pages, the API and imports accept the same years."""
    return [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def is_programme_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
