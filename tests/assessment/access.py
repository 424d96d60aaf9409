"""Access-matrix rows for the year-end assessment (see tests/access.py).

Rounds and their rubric are the city's: every programme reader reads them, whatever their township (an admin of
another county too). Only the city's organisation department changes a round (an admin of a county is refused,
403). Score sheets: a reviewer's own (``reviewer`` is reviewer_a, assigned to 高村镇), read by the organisation
department in its scope. Results: published ones for 高村镇's secretary, the leader and the round's reviewers; a
secretary or admin whose scope does not reach 高村镇 does not see its result (404)."""

from .. import objects
from ..access import CADRES, ORG, READERS, STAFF, Access, api_statuses, endpoint, everyone, only
from . import builders, deputies, grades, stars

READ = only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, reviewer=200, leader=200)
CITY_ADMIN = only(org_admin=200)
# POST-only pages: GET is 405 for whoever may use them.
CITY_ADMIN_POST_ONLY = only(org_admin=405)
SHEET_READERS = frozenset({"org_admin", "other_org_admin", "reviewer"})
# Cadres' annual grades: the organisation department in scope; secretaries, leaders and cadres (their own) once
# published. Appeals: the organisation department in scope and the cadre who filed.
GRADE_READERS = frozenset(
    {"org_admin", "other_org_admin", "secretary", "other_secretary", "leader", "cadre", "other_cadre"}
)
APPEAL_PEOPLE = frozenset({"org_admin", "other_org_admin", "cadre", "other_cadre"})
# 学用之星 nominations: the organisation department and secretaries in scope, leaders the published ones.
# Tech deputies' end-of-term assessments: read in scope; recorded by reviewers and the organisation department.
DEPUTY_READERS = READERS
DEPUTY_RECORDERS = frozenset({"org_admin", "other_org_admin", "reviewer"})
STAR_READERS = frozenset({"org_admin", "other_org_admin", "secretary", "other_secretary", "leader"})


def pk_of(build):
    return lambda w, p: {"pk": build(w).pk}


def round_pk_of(build):
    return lambda w, p: {"round_pk": build(w).pk}


ROWS: dict[str, Access] = {
    "assessment:round_list": Access(READ),
    "assessment:round_create": Access(CITY_ADMIN),
    "assessment:round_detail": Access(READ, kwargs=pk_of(builders.published_round)),
    "assessment:round_settings": Access(CITY_ADMIN, kwargs=pk_of(builders.draft_round)),
    # An empty POST asks to acknowledge the spread of a draft round: refused in words, back to the round.
    "assessment:round_action": Access(
        CITY_ADMIN_POST_ONLY,
        kwargs=lambda w, p: {"pk": builders.draft_round(w).pk, "action": "acknowledge"},
        post={"org_admin": 302},
    ),
    "assessment:round_reopen": Access(CITY_ADMIN, kwargs=pk_of(builders.published_round)),
    "assessment:indicator_create": Access(CITY_ADMIN, kwargs=round_pk_of(builders.draft_round)),
    "assessment:indicator_update": Access(CITY_ADMIN, kwargs=pk_of(builders.indicator)),
    "assessment:indicator_delete": Access(
        CITY_ADMIN_POST_ONLY, kwargs=pk_of(builders.indicator), post={"org_admin": 302}
    ),
    "assessment:assignment_create": Access(CITY_ADMIN, kwargs=round_pk_of(builders.draft_round)),
    "assessment:assignment_delete": Access(
        CITY_ADMIN_POST_ONLY, kwargs=pk_of(builders.pending_assignment), post={"org_admin": 302}
    ),
    "assessment:survey_edit": Access(
        CITY_ADMIN, kwargs=lambda w, p: {"round_pk": builders.scoring_round(w).pk, "township_pk": w.township.pk}
    ),
    "assessment:my_sheets": Access(only(org_admin=200, other_org_admin=200, reviewer=200)),
    # The reviewer's own sheet; the organisation department reads it (a POST from it is refused, 403).
    "assessment:sheet": Access(
        only(org_admin=200, other_org_admin=404, reviewer=200),
        kwargs=pk_of(builders.sheet),
        post={"org_admin": 403},
    ),
    "assessment:round_results": Access(READ, kwargs=pk_of(builders.published_round)),
    "assessment:result_detail": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200),
        kwargs=pk_of(builders.result),
    ),
    # The reports page lists what each reader may download; only the city's organisation department starts one.
    "assessment:round_reports": Access(READ, kwargs=pk_of(builders.published_round)),
    "assessment:reports_start": Access(
        CITY_ADMIN_POST_ONLY, kwargs=pk_of(builders.published_round), post={"org_admin": 302}
    ),
    # A township's report is read by whoever reads its result.
    "assessment:report_download": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200),
        kwargs=lambda w, p: {"pk": builders.report(w).pk, "kind": "pdf"},
        post={"org_admin": 405, "secretary": 405, "reviewer": 405, "leader": 405},
    ),
    "assessment:grade_list": Access(
        only(
            org_admin=200,
            other_org_admin=200,
            secretary=200,
            other_secretary=200,
            leader=200,
            cadre=200,
            other_cadre=200,
        )
    ),
    "assessment:grade_detail": Access(
        only(
            org_admin=200,
            other_org_admin=404,
            secretary=200,
            other_secretary=404,
            leader=200,
            cadre=200,
            other_cadre=404,
        ),
        kwargs=pk_of(grades.grade),
    ),
    # An unpublished grade: set by the organisation department in scope (an empty POST shows the form again).
    "assessment:grade_edit": Access(only(org_admin=200, other_org_admin=404), kwargs=pk_of(grades.draft_grade)),
    # The cadre's own published grade, within the window.
    "assessment:appeal_create": Access(only(cadre=200, other_cadre=404), kwargs=pk_of(grades.grade)),
    "assessment:grade_scheme": Access(CITY_ADMIN, kwargs=round_pk_of(builders.published_round)),
    # Publishing grades of a round with none: refused in words, back to the list.
    "assessment:grade_action": Access(
        CITY_ADMIN_POST_ONLY,
        kwargs=lambda w, p: {"round_pk": builders.published_round(w).pk, "action": "publish"},
        post={"org_admin": 302},
    ),
    "assessment:appeal_list": Access(only(org_admin=200, other_org_admin=200, cadre=200, other_cadre=200)),
    # A pending appeal: the organisation department decides (an empty POST shows the form again); the cadre reads.
    "assessment:appeal_detail": Access(
        only(org_admin=200, other_org_admin=404, cadre=200, other_cadre=404),
        kwargs=pk_of(grades.appeal),
        post={"cadre": 403, "other_cadre": 403},
    ),
    "assessment:deputy_list": Access(READ),
    # A deputy whose term has ended: an empty POST from whoever records shows the form again.
    "assessment:deputy_assess": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, reviewer=200, leader=200),
        kwargs=pk_of(deputies.due_secondment),
        post={"secretary": 403, "other_secretary": 403, "leader": 403},
    ),
    **endpoint("assessment-deputy-assessment", DEPUTY_READERS, DEPUTY_RECORDERS, obj=deputies.deputy_assessment),
    # The published 学用之星 are public.
    "assessment:star_public": Access(everyone(200), post=everyone(405)),
    "assessment:star_list": Access(
        only(org_admin=200, other_org_admin=200, secretary=200, other_secretary=200, leader=200)
    ),
    # A published star: read in scope; only the organisation department may POST a decision (refused in words
    # once the list is published: the form again).
    "assessment:star_detail": Access(
        only(org_admin=200, other_org_admin=404, secretary=200, other_secretary=404, leader=200),
        kwargs=pk_of(stars.published_star),
        post={"secretary": 403, "other_secretary": 403, "leader": 403},
    ),
    # A secretary nominates a cadre of their own township (an empty POST shows the form again).
    "assessment:star_nominate": Access(
        only(secretary=200, other_secretary=404),
        kwargs=lambda w, p: {"round_pk": stars.open_list(w).round_id, "cadre_pk": objects.cadre(w).pk},
    ),
    # A pending nomination: its township's secretary withdraws it (GET asks to confirm; an empty POST withdraws it
    # and goes back to the list); the organisation department and leaders may not.
    "assessment:star_withdraw": Access(
        only(secretary=200, other_secretary=404), kwargs=pk_of(stars.nomination), post={"secretary": 302}
    ),
    "assessment:star_settings": Access(CITY_ADMIN, kwargs=round_pk_of(builders.published_round)),
    # Publishing a list without an approved nomination: refused in words, back to the list.
    "assessment:star_publish": Access(
        CITY_ADMIN_POST_ONLY, kwargs=round_pk_of(builders.published_round), post={"org_admin": 302}
    ),
    **endpoint(
        "assessment-star-nomination",
        STAR_READERS,
        frozenset({"secretary", "other_secretary"}),
        obj=stars.published_star,
    ),
    # POST only: an empty body lacks the decision (400) for the organisation department in scope; outside it the
    # nomination does not exist (404); the nominating secretary and leaders may not decide (403).
    "api:assessment-star-nomination-decide": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=pk_of(stars.nomination),
        post=api_statuses(frozenset({"org_admin", "other_org_admin"}), 400, outside=404),
    ),
    **endpoint("assessment-cadre-grade", GRADE_READERS, None, obj=grades.grade),
    **endpoint("assessment-grade-appeal", APPEAL_PEOPLE, CADRES, obj=grades.appeal),
    # POST only: an empty body lacks the decision (400) for the organisation department in scope; outside it the
    # appeal does not exist (404); a cadre may not decide (403).
    "api:assessment-grade-appeal-decide": Access(
        {"anonymous": 403, **{role: 405 for role in STAFF}},
        kwargs=pk_of(grades.appeal),
        post=api_statuses(frozenset({"org_admin", "other_org_admin"}), 400, outside=404),
    ),
    **endpoint("assessment-round", READERS, None, obj=builders.published_round, scoped=False),
    **endpoint("assessment-indicator", READERS, None, obj=builders.indicator, scoped=False),
    **endpoint("assessment-score", SHEET_READERS, frozenset({"reviewer"}), obj=builders.score),
    **endpoint("assessment-result", READERS, None, obj=builders.result),
    **endpoint("assessment-report", READERS, None, obj=builders.report),
    # Report generations are the city's, read by the organisation department (an admin of a county too, like the
    # reports page's progress); starting one with an empty body lacks the round (400).
    **endpoint("assessment-report-job", ORG, ORG, obj=lambda w: builders.report(w).job, scoped=False),
}
