"""Access-matrix rows for training bases, funds, plans, sessions, attendance and check-in (see tests/access.py).

Everyone who reads the programme reads training in their scope; the township and the organisation department
keep bases, plans and sessions; only the organisation department allocates and pays funds. Cadres use only the
check-in page (which also takes a name and the ID's last four digits from someone not signed in)."""

from ..access import ADMIN_OBJECT, ADMIN_PAGE, KEEPERS, ORG, STAFF, Access, api_statuses, endpoint, everyone, only
from ..access import READERS as READERS_API
from . import builders

READERS = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
READERS_OF_OBJECT = only(
    org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200
)
KEEPERS_PAGE = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200)
KEEPERS_OBJECT = only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404)


def pk_of(build):
    return lambda w, p: {"pk": build(w).pk}


ROWS: dict[str, Access] = {
    "training:base_list": Access(READERS),
    "training:base_create": Access(KEEPERS_PAGE),
    "training:base_detail": Access(READERS_OF_OBJECT, kwargs=pk_of(builders.base)),
    "training:base_update": Access(KEEPERS_OBJECT, kwargs=pk_of(builders.base)),
    "training:base_photo_upload": Access(KEEPERS_OBJECT, kwargs=pk_of(builders.base)),
    "training:photo_delete": Access(
        KEEPERS_OBJECT, kwargs=lambda w, p: {"pk": _photo(w).pk}, post={"org_admin": 302, "secretary": 302}
    ),
    "training:allocation_list": Access(READERS),
    "training:allocation_create": Access(ADMIN_PAGE),
    "training:allocation_update": Access(ADMIN_OBJECT, kwargs=pk_of(builders.allocation)),
    "training:fund_summary": Access(READERS),
    "training:disbursement_list": Access(READERS),
    "training:disbursement_create": Access(ADMIN_PAGE),
    "training:disbursement_update": Access(ADMIN_OBJECT, kwargs=pk_of(builders.disbursement)),
    "training:disbursement_delete": Access(ADMIN_OBJECT, kwargs=pk_of(builders.disbursement), post={"org_admin": 302}),
    "training:plan_list": Access(READERS),
    "training:plan_create": Access(KEEPERS_PAGE),
    "training:plan_update": Access(KEEPERS_OBJECT, kwargs=pk_of(builders.plan)),
    "training:progress": Access(READERS),
    "training:calendar": Access(READERS),
    "training:session_list": Access(READERS),
    "training:session_create": Access(KEEPERS_PAGE),
    "training:session_detail": Access(READERS_OF_OBJECT, kwargs=pk_of(builders.session)),
    "training:session_update": Access(KEEPERS_OBJECT, kwargs=pk_of(builders.session)),
    "training:session_delete": Access(
        KEEPERS_OBJECT, kwargs=pk_of(builders.session), post={"org_admin": 302, "secretary": 302}
    ),
    # An empty POST saves "nobody attended" (the page redirects to the session).
    "training:session_attendance": Access(
        KEEPERS_OBJECT, kwargs=pk_of(builders.session), post={"org_admin": 302, "secretary": 302}
    ),
    # POST only: confirming or turning down a claim; an empty POST decides nothing and goes back to the session.
    "training:claim_decision": Access(
        only(org_admin=405, other_org_admin=405, secretary=405, other_secretary=405),
        kwargs=pk_of(builders.claim),
        post=only(org_admin=302, other_org_admin=404, secretary=302, other_secretary=404),
    ),
    # Opened from the QR code by anyone holding the link; what they may do there the page decides (tests of
    # check-in). A closed window is said in words.
    "training:checkin": Access(everyone(200), kwargs=lambda w, p: {"token": builders.session(w).checkin_token}),
    **endpoint("training-base", READERS_API, KEEPERS, obj=builders.base),
    **endpoint("fund-allocation", READERS_API, ORG, obj=builders.allocation),
    **endpoint("disbursement", READERS_API, ORG, obj=builders.disbursement),
    **endpoint("training-plan", READERS_API, KEEPERS, obj=builders.plan),
    **endpoint("training-session", READERS_API, KEEPERS, obj=builders.session),
    **endpoint("attendance", READERS_API, None, obj=builders.attendance),
    # POST only (GET is 405 for anyone signed in); an empty body says nobody attended, as on the page.
    "api:training-session-attendance": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=pk_of(builders.session),
        post=api_statuses(KEEPERS, 200, outside=404),
    ),
}


def _photo(world):
    from django.core.files.base import ContentFile

    from skilled_township.training.models import BasePhoto

    photo = BasePhoto(base=builders.base(world), caption="基地大门")
    photo.image.save("gate.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    photo.save()
    return photo
