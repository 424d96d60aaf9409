"""What the appraisal and certificate lists, the compliance pages and the talent pool show (see tests/content.py)."""

from django.urls import reverse

from .. import objects
from ..content import Shows
from . import builders
from .card_content import LISTS as CARD_LISTS
from .card_content import NO_ROWS  # noqa: F401  (collected by tests/content.py)
from .service_content import LISTS as SERVICE_LISTS


def detail_url(certificate) -> str:
    return reverse("certifications:certificate_detail", args=[certificate.pk])


def uncertified_cadre(world):
    """A cadre of 高村镇 in post with no valid certificate."""
    return objects.cadre(world)


LISTS = {
    **CARD_LISTS,
    **SERVICE_LISTS,
    "certifications:appraisal_list": Shows(builders.appraisal, marks=lambda a: (a.cadre.name, a.certificate.number)),
    "certifications:certificate_list": Shows(builders.certificate, marks=detail_url),
    "certifications:compliance": Shows(objects.cadre, marks=lambda cadre: cadre.township.name),
    "certifications:uncertified_list": Shows(uncertified_cadre, marks=lambda cadre: cadre.get_absolute_url()),
    "certifications:uncertified_export": Shows(uncertified_cadre, marks=lambda cadre: cadre.name),
    "certifications:talent_pool": Shows(builders.certificate, marks=detail_url),
    "certifications:talent_pool_export": Shows(builders.certificate, marks=lambda c: c.number),
    "api:appraisal-list": Shows(builders.appraisal),
    "api:certificate-list": Shows(builders.certificate),
    "api:talent-pool-list": Shows(builders.certificate),
}
