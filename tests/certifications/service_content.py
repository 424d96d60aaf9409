"""What the request list, the ledger, its export, the listing and the API lists show (see tests/content.py)."""

from django.urls import reverse

from ..content import Shows
from .service_builders import owner, profile, service_record, service_request


def listing(world):
    return profile(owner(world), duties="柑桔嫁接上门指导")


LISTS = {
    "certifications:request_list": Shows(
        service_request, marks=lambda r: reverse("certifications:request_detail", args=[r.pk])
    ),
    "certifications:ledger_list": Shows(service_record, marks=lambda r: r.recipient),
    "certifications:ledger_export": Shows(service_record, marks=lambda r: r.outcome),
    "certifications:profile_list": Shows(listing, marks=lambda p: p.duties),
    "api:service-request-list": Shows(service_request),
    "api:service-record-list": Shows(service_record),
}
