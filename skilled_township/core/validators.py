"""Validators shared by every app."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入11位手机号码（1开头）。"), code="mobile")


def not_in_future(value) -> None:
    """Logs record what happened: no dates after today (Asia/Shanghai)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future")
