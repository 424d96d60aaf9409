"""Access-matrix rows for appraisals, certificates, compliance and the talent pool (see tests/access.py).

Every programme role reads them in scope (HR appraisers city-wide; a secretary their own township, an object of
高村镇 is a 404 for another township's secretary); only HR appraisers record appraisals and issue, correct or
revoke certificates. Cadres do not use these pages."""

from ..access import CADRES, EVERYONE, READ_IN_SCOPE, STAFF, Access, api_statuses, endpoint, list_export, only, staff
from . import builders
from .card_access import ROWS as CARD_ROWS
from .service_access import ROWS as SERVICE_ROWS

PROGRAMME_STAFF = EVERYONE - CADRES
APPRAISERS = frozenset({"hr_appraiser"})
READERS = staff(200)
APPRAISER_PAGE = only(hr_appraiser=200)


def certificate_pk(world, personas):
    return {"pk": builders.certificate(world).pk}


ROWS: dict[str, Access] = {
    **CARD_ROWS,
    **SERVICE_ROWS,
    "certifications:appraisal_list": Access(READERS),
    "certifications:appraisal_create": Access(APPRAISER_PAGE),
    "certifications:certificate_list": Access(READERS),
    "certifications:certificate_register": Access(APPRAISER_PAGE),
    "certifications:certificate_detail": Access(READ_IN_SCOPE, kwargs=certificate_pk),
    "certifications:certificate_update": Access(APPRAISER_PAGE, kwargs=certificate_pk),
    "certifications:certificate_revoke": Access(APPRAISER_PAGE, kwargs=certificate_pk),
    "certifications:compliance": Access(READERS),
    "certifications:uncertified_list": Access(READERS),
    "certifications:uncertified_export": list_export(READERS),
    "certifications:talent_pool": Access(READERS),
    "certifications:talent_pool_export": list_export(READERS),
    **endpoint("appraisal", PROGRAMME_STAFF, APPRAISERS, obj=builders.appraisal),
    **endpoint("certificate", PROGRAMME_STAFF, None, obj=builders.certificate),
    **endpoint("talent-pool", PROGRAMME_STAFF, None, obj=builders.certificate),
    # POST only: an empty body lacks the reason (400); GET is 405 for anyone signed in.
    "api:certificate-revoke": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=certificate_pk,
        post=api_statuses(APPRAISERS, 400),
    ),
}
