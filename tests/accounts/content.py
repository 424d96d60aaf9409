"""What the account list, the audit trail and its export show (see tests/content.py)."""

from .. import objects
from ..content import Shows

LISTS = {
    "accounts:user_list": Shows(objects.account, marks=lambda account: account.get_absolute_url()),
    "accounts:audit_list": Shows(objects.audit_entry, marks=lambda entry: entry.object_repr),
    "accounts:audit_export": Shows(objects.audit_entry, marks=lambda entry: entry.object_repr),
}
