import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """MLPS 2.0 (等保 2.0) password complexity: characters from at least three of four classes."""

    CLASSES = (
        ("upper", lambda c: c in string.ascii_uppercase),
        ("lower", lambda c: c in string.ascii_lowercase),
        ("digit", lambda c: c.isdigit()),
        ("symbol", lambda c: not c.isalnum() or not c.isascii()),
    )

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def classes_in(self, password: str) -> int:
        return sum(any(test(c) for c in password) for _name, test in self.CLASSES)

    def validate(self, password: str, user=None) -> None:
        if self.classes_in(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}
