"""Access-matrix rows for the cadre roster and secondments (see tests/access.py)."""

from .. import objects
from ..access import (
    ADMIN_OBJECT,
    ADMIN_PAGE,
    KEEPERS,
    PROGRAMME_STAFF,
    READ_IN_SCOPE,
    Access,
    endpoint,
    list_export,
    only,
    staff,
)

KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)

# An import is its uploader's alone: others who may import do not see it (404), the rest may not import (403).
UPLOADER_ONLY = only(secretary=200, org_admin=404, other_org_admin=404, other_secretary=404)


def _finished_import(world, personas):
    """A finished background import of 高村镇's secretary, with its row report."""
    from django.core.files.base import ContentFile

    from skilled_township.cadres.services import import_jobs
    from skilled_township.cadres.services.importing import ImportResult
    from skilled_township.core.models import GeneratedFile

    outcome = ImportResult(total=1, created=1)
    job = GeneratedFile(
        kind=import_jobs.IMPORT_KIND,
        params={"rows": 1},
        requested_by=personas["secretary"],
        status="done",
        progress=100,
        message=import_jobs.sentence(outcome),
        result=import_jobs.summary(outcome),
    )
    job.file.save("report.xlsx", ContentFile(b"PK-test"), save=True)
    return {"pk": job.pk}


READERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)

ROWS: dict[str, Access] = {
    "cadres:cadre_list": Access(staff(200)),
    "cadres:cadre_export": list_export(staff(200)),
    # Posting nothing chosen shows the page again with the error.
    "cadres:cadre_accounts": Access(KEEPERS_PAGE),
    # The options a cadre picker's search box asks for: the roster's readers, over their own scope (no text:
    # none found); tests/cadres/test_cadre_picker.py asks for townships in and out of scope.
    "cadres:cadre_options": Access(staff(200)),
    "cadres:cadre_create": Access(KEEPERS_PAGE),
    "cadres:cadre_import": Access(KEEPERS_PAGE),
    # Keepers see their area's requests; deciding is the organisation department's (a POST naming no request
    # in the admin's scope is a 404).
    "cadres:transfer_list": Access(
        KEEPERS_PAGE, post={"secretary": 403, "other_secretary": 403, "org_admin": 404, "other_org_admin": 404}
    ),
    "cadres:cadre_import_template": Access(KEEPERS_PAGE),
    "cadres:cadre_import_job": Access(UPLOADER_ONLY, kwargs=_finished_import),
    "cadres:cadre_detail": Access(READ_IN_SCOPE, kwargs=lambda w, p: {"pk": objects.cadre(w).pk}),
    "cadres:cadre_update": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": objects.cadre(w).pk}),
    # Every secondment in scope (the roster's readers); its export as the list filters it.
    "cadres:secondment_list": Access(staff(200)),
    "cadres:secondment_export": list_export(staff(200)),
    "cadres:secondment_create": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"cadre_pk": objects.cadre(w).pk}),
    "cadres:secondment_update": Access(KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": objects.secondment(w).pk}),
    # The education structure opens on the user's own scope; asked here for 麻阳县's roll-up, which only those whose
    # scope holds the county may open (a township's secretary, or another county's admin: 404).
    "cadres:education": Access(
        only(org_admin=200, other_org_admin=404, secretary=404, other_secretary=404, reviewer=200, leader=200),
        query="region=431226000000",
    ),
    "cadres:target_list": Access(ADMIN_PAGE),
    "cadres:target_create": Access(ADMIN_PAGE),
    "cadres:target_update": Access(ADMIN_OBJECT, kwargs=lambda w, p: {"pk": objects.education_target(w).pk}),
    **endpoint("cadre", PROGRAMME_STAFF, KEEPERS, obj=objects.cadre),
    **endpoint("secondment", PROGRAMME_STAFF, KEEPERS, obj=objects.secondment),
}
