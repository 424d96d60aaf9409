"""Access-matrix rows for the pairing app (see tests/access.py)."""

from ..access import KEEPERS, READERS, Access, endpoint, list_export, only
from . import household_builders as built
from .access_visits import ROWS as VISIT_ROWS
from .pairing_rows import ROWS as PAIRING_ROWS

# --- Households, members, skills, incomes, import and export --------------------------------------------------

HOUSEHOLD_READERS = only(
    org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200
)
HOUSEHOLD_READ_IN_SCOPE = only(
    org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200
)
HOUSEHOLD_KEEPERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
HOUSEHOLD_KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)
# An import is its uploader's alone.
HOUSEHOLD_UPLOADER_ONLY = only(secretary=200, org_admin=404, other_org_admin=404, other_secretary=404)


def _finished_household_import(world, personas):
    from django.core.files.base import ContentFile

    from skilled_township.core.models import GeneratedFile
    from skilled_township.pairing.services import import_jobs
    from skilled_township.pairing.services.importing import HouseholdImportResult

    outcome = HouseholdImportResult(total=1, created=1)
    job = GeneratedFile(
        kind=import_jobs.IMPORT_KIND,
        params={"rows": 1, "kind": "households"},
        requested_by=personas["secretary"],
        status="done",
        progress=100,
        message="",
        result=import_jobs.summary(outcome),
    )
    job.file.save("report.xlsx", ContentFile(b"PK-test"), save=True)
    return {"pk": job.pk}


def _household(world, personas):
    return {"pk": built.household(world).pk}


def _in_household(world, personas):
    return {"household_pk": built.household(world).pk}


def _member(world, personas):
    member = built.member(world)
    return {"household_pk": member.household_id, "pk": member.pk}


def _member_for_skill(world, personas):
    member = built.member(world)
    return {"household_pk": member.household_id, "member_pk": member.pk}


def _member_skill(world, personas):
    skill = built.member_skill(world)
    return {"household_pk": skill.member.household_id, "pk": skill.pk}


def _income(world, personas):
    income = built.income(world)
    return {"household_pk": income.household_id, "pk": income.pk}


HOUSEHOLD_ROWS: dict[str, Access] = {
    "pairing:household_list": Access(HOUSEHOLD_READERS),
    "pairing:household_export": list_export(HOUSEHOLD_READERS),
    # Posting nothing shows the form again with its errors.
    "pairing:household_create": Access(HOUSEHOLD_KEEPERS),
    "pairing:household_import": Access(HOUSEHOLD_KEEPERS),
    "pairing:household_import_template": Access(HOUSEHOLD_KEEPERS),
    "pairing:household_import_job": Access(HOUSEHOLD_UPLOADER_ONLY, kwargs=_finished_household_import),
    "pairing:household_detail": Access(HOUSEHOLD_READ_IN_SCOPE, kwargs=_household),
    "pairing:household_update": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_household),
    "pairing:member_create": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_in_household),
    "pairing:member_update": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_member),
    # GET asks to confirm; POST removes and returns to the household.
    "pairing:member_delete": Access(
        HOUSEHOLD_KEEPERS_OBJECT, kwargs=_member, post={"org_admin": 302, "secretary": 302}
    ),
    "pairing:member_skill_create": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_member_for_skill),
    "pairing:member_skill_delete": Access(
        HOUSEHOLD_KEEPERS_OBJECT, kwargs=_member_skill, post={"org_admin": 302, "secretary": 302}
    ),
    "pairing:income_create": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_in_household),
    "pairing:income_update": Access(HOUSEHOLD_KEEPERS_OBJECT, kwargs=_income),
    # The skill share opens on the user's scope; asked here for 高村镇, which other townships' users cannot open.
    "pairing:skill_share": Access(HOUSEHOLD_READ_IN_SCOPE, query="region=431226101000"),
    **endpoint("household", READERS, KEEPERS, obj=built.household),
    **endpoint("household-member", READERS, KEEPERS, obj=built.member),
    **endpoint("household-income", READERS, KEEPERS, obj=built.income),
}

ROWS: dict[str, Access] = {**HOUSEHOLD_ROWS, **PAIRING_ROWS, **VISIT_ROWS}
