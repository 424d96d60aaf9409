"""What the training lists show (see tests/content.py)."""

from django.urls import reverse

from ..content import Shows
from . import builders

LISTS = {
    "training:base_list": Shows(builders.base, marks=lambda base: base.get_absolute_url()),
    # (The edit links are the organisation department's; everyone who reads sees the base and the payee.)
    "training:allocation_list": Shows(builders.allocation, marks=lambda a: a.base.get_absolute_url()),
    "training:disbursement_list": Shows(builders.disbursement, marks=lambda d: (d.payee, str(d.allocation))),
    "training:plan_list": Shows(builders.plan, marks=lambda plan: reverse("training:plan_update", args=[plan.pk])),
    "training:session_list": Shows(builders.session, marks=lambda session: session.get_absolute_url()),
    "training:progress": Shows(builders.attendance, marks=lambda a: a.cadre.get_absolute_url()),
    "training:calendar": Shows(builders.session_this_month, marks=lambda session: session.get_absolute_url()),
    "api:training-base-list": Shows(builders.base),
    "api:fund-allocation-list": Shows(builders.allocation),
    "api:disbursement-list": Shows(builders.disbursement),
    "api:training-plan-list": Shows(builders.plan),
    "api:training-session-list": Shows(builders.session),
    "api:attendance-list": Shows(builders.attendance),
}
