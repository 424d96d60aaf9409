from django.db import transaction
from django.utils.translation import gettext as _

from .models import User


@transaction.atomic
def set_active(account: User, active: bool, *, by: User) -> User:
    """Disable or re-enable an account. Accounts are never deleted, so their history stays attributable."""
    if account == by and not active:
        raise ValueError(_("不能停用自己的账号。"))
    if not by.can_grant_scope(account.scope):
        raise ValueError(_("不能管理超出您本人管辖范围的账号。"))
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account
