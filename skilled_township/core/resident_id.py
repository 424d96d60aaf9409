"""Resident identity numbers (公民身份号码, GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit
sequence whose last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check digit."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")


def normalise(value: str) -> str:
    """An ID as people type it: full-width digits and X folded (NFKC), every space dropped, a final x upper."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(value: str) -> datetime.date:
    return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def gender(value: str) -> str:
    """``"M"`` or ``"F"`` from the sequence number's last digit."""
    return "M" if int(value[16]) % 2 else "F"


def validate_resident_id(value: str) -> None:
    value = normalise(value)
    if not PATTERN.match(value):
        raise ValidationError(_("身份证号码应为18位，前17位为数字，末位为数字或X。"), code="format")
    try:
        born = birth_date(value)
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date") from None
    if born.year < 1900 or born > timezone.localdate():
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date")
    if check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对。"), code="check_digit")


def mask(value: str) -> str:
    """``431226199001011234`` → ``4312**********1234``."""
    value = normalise(value)
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
