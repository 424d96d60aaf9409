"""Who sees what of the year-end assessment.

Rounds and their rubric are the city's: every programme reader under the city reads them. Reviewers see their
own assignments and scores only (by assignment, not by scope: a county's reviewer scores other counties). The
organisation department sees assignments, scores and surveys in its scope. Results: the organisation department
in its scope at every stage; everyone else only once the round is published — leaders in their scope, a
secretary their own township, a reviewer every township of a round they were assigned in.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef

from skilled_township.accounts.roles import Role
from skilled_township.core.scoping import ScopedQuerySet, scope_prefix, sees_own_rows_only

PUBLISHED = "published"


def _role(user: Any) -> str:
    return "" if user is None else getattr(user, "role", "")


class RoundQuerySet(models.QuerySet):
    """The city's rounds, read by everyone who works on the programme in the city (like the catalogue, they
    belong to no township); their changes are placed in the audit trail under the city."""

    region_code_lookup = "city__code"
    #: Lookup from the model to its round (empty: the model is the round).
    round_lookup = ""

    def visible_to(self, user: Any) -> RoundQuerySet:
        prefix = scope_prefix(user)
        if prefix is None or sees_own_rows_only(user) or (_role(user) == Role.HR_APPRAISER and not user.is_superuser):
            return self.none()
        if prefix == "":
            return self.all()
        # A round is the city's: anyone whose scope lies in the city reads it (a city code's prefix is 4 digits).
        city = f"{self.round_lookup}__city__code" if self.round_lookup else "city__code"
        return self.filter(**{f"{city}__startswith": prefix[:4]})


class IndicatorQuerySet(RoundQuerySet):
    region_code_lookup = "round__city__code"
    round_lookup = "round"


class AssignmentQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    reviewer_lookup = "reviewer"

    def visible_to(self, user: Any) -> AssignmentQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        role = _role(user)
        if role == Role.REVIEWER:
            return self.filter(**{self.reviewer_lookup: user})
        if role == Role.ORG_ADMIN:
            return super().visible_to(user)
        return self.none()


class ScoreQuerySet(AssignmentQuerySet):
    region_code_lookup = "assignment__township__code"
    reviewer_lookup = "assignment__reviewer"


class SurveyQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"

    def visible_to(self, user: Any) -> SurveyQuerySet:
        if _role(user) in (Role.ORG_ADMIN, Role.LEADER) or getattr(user, "is_superuser", False):
            return super().visible_to(user)
        return self.none()


class ResultQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    round_lookup = "round"

    def update(self, **kwargs):
        self._refuse_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_published()
        return super().delete()

    def _refuse_published(self) -> None:
        from .models import FrozenWhenPublished

        if self.published().exists():
            raise FrozenWhenPublished("Published results are frozen.")

    def published(self) -> ResultQuerySet:
        return self.filter(**{f"{self.round_lookup}__status": PUBLISHED})

    def visible_to(self, user: Any) -> ResultQuerySet:
        prefix = scope_prefix(user)
        if prefix is None or sees_own_rows_only(user):
            return self.none()
        if prefix == "":
            return self.all()
        role = _role(user)
        if role == Role.ORG_ADMIN:
            return super().visible_to(user)
        if role in (Role.LEADER, Role.TOWNSHIP_SECRETARY):
            return super().visible_to(user).published()
        if role == Role.REVIEWER:
            from .models import ReviewerAssignment

            scored = ReviewerAssignment.objects.filter(round=OuterRef(self.round_lookup), reviewer=user)
            return self.published().filter(Exists(scored))
        return self.none()


class ResultLineQuerySet(ResultQuerySet):
    region_code_lookup = "result__township__code"
    round_lookup = "result__round"


def _sees_city_summary(user: Any) -> bool:
    """The city's summary ranks every township: the organisation department and leaders of the whole city."""
    prefix = scope_prefix(user)
    if prefix is None or sees_own_rows_only(user):
        return False
    return prefix == "" or (_role(user) in (Role.ORG_ADMIN, Role.LEADER) and len(prefix) <= 4)


class ReportQuerySet(models.QuerySet):
    """A township's report is read by whoever reads its result (a secretary: their own township, once the round
    is published); the city's summary by the organisation department and leaders of the whole city (a leader
    once the round is published)."""

    region_code_lookup = "township__code"

    def visible_to(self, user: Any) -> ReportQuerySet:
        from .models import AssessmentResult

        if scope_prefix(user) is None:
            return self.none()
        readable = AssessmentResult.objects.visible_to(user).filter(
            round=OuterRef("round"), township=OuterRef("township")
        )
        city = models.Q(pk__in=[])
        if _sees_city_summary(user):
            prefix = scope_prefix(user)
            city = models.Q(township__isnull=True, round__city__code__startswith=prefix[:4])
            if _role(user) != Role.ORG_ADMIN and not getattr(user, "is_superuser", False):
                city &= models.Q(round__status=PUBLISHED)
        return self.filter(models.Q(Exists(readable)) | city)


class FigureSnapshotQuerySet(models.QuerySet):
    """A township's kept figures are evidence on its score sheets: read by whoever reads one of those sheets (the
    reviewers assigned to it, the organisation department in scope)."""

    region_code_lookup = "township__code"

    def visible_to(self, user: Any) -> FigureSnapshotQuerySet:
        from .models import ReviewerAssignment

        sheets = ReviewerAssignment.objects.visible_to(user).filter(
            round=OuterRef("round"), township=OuterRef("township")
        )
        return self.filter(Exists(sheets))


class ReportJobQuerySet(models.QuerySet):
    """Report runs: the organisation department of the city, which starts them."""

    region_code_lookup = "round__city__code"

    def visible_to(self, user: Any) -> ReportJobQuerySet:
        if _role(user) != Role.ORG_ADMIN and not getattr(user, "is_superuser", False):
            return self.none()
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        return self.filter(round__city__code__startswith=prefix[:4])

    def with_progress(self) -> ReportJobQuerySet:
        """Each run with its townships' reports counted by state and the city summary's state, in the same query
        (``services.reports.progress`` reads them)."""
        from django.apps import apps
        from django.db.models import Count, Q, Subquery

        report = apps.get_model("assessment", "RoundReport")
        townships = Q(reports__township__isnull=False)
        return self.annotate(
            townships_total=Count("reports", filter=townships),
            townships_done=Count("reports", filter=townships & Q(reports__status="done")),
            townships_failed=Count("reports", filter=townships & Q(reports__status="failed")),
            summary_status=Subquery(
                report.objects.filter(job=OuterRef("pk"), township__isnull=True).values("status")[:1]
            ),
        )


class CadreGradeQuerySet(ScopedQuerySet):
    """Cadres' annual grades: the organisation department in its scope at every stage; once the round's grades
    are published, leaders in their scope, a secretary their own township's and a cadre their own."""

    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"
    scheme_lookup = "round__grade_scheme"

    def grades_published(self) -> CadreGradeQuerySet:
        return self.filter(**{f"{self.scheme_lookup}__published_at__isnull": False})

    def visible_to(self, user: Any) -> CadreGradeQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        role = _role(user)
        if role == Role.ORG_ADMIN:
            return super().visible_to(user)
        if role in (Role.LEADER, Role.TOWNSHIP_SECRETARY, Role.CADRE):
            return super().visible_to(user).grades_published()
        return self.none()


class AppealQuerySet(ScopedQuerySet):
    """Appeals: the organisation department in its scope; a cadre their own."""

    region_code_lookup = "grade__cadre__township__code"
    owner_lookup = "grade__cadre"

    def visible_to(self, user: Any) -> AppealQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "" or _role(user) in (Role.ORG_ADMIN, Role.CADRE):
            return super().visible_to(user)
        return self.none()


class StarNominationQuerySet(ScopedQuerySet):
    """学用之星 nominations: the organisation department in its scope and a secretary their own township's, at
    every stage; leaders in their scope once the list is published. The published stars themselves are public
    (``published``)."""

    region_code_lookup = "township__code"

    def published(self) -> StarNominationQuerySet:
        return self.filter(status="approved", round__star_list__published_at__isnull=False)

    def visible_to(self, user: Any) -> StarNominationQuerySet:
        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self.all()
        role = _role(user)
        if role in (Role.ORG_ADMIN, Role.TOWNSHIP_SECRETARY):
            return super().visible_to(user)
        if role == Role.LEADER:
            return super().visible_to(user).published()
        return self.none()


class DeputyAssessmentQuerySet(ScopedQuerySet):
    """A tech deputy's end-of-term assessment: the organisation department, reviewers and leaders in their scope, a
    secretary their own township's."""

    region_code_lookup = "secondment__cadre__township__code"

    def visible_to(self, user: Any) -> DeputyAssessmentQuerySet:
        if _role(user) in (Role.ORG_ADMIN, Role.REVIEWER, Role.LEADER, Role.TOWNSHIP_SECRETARY) or getattr(
            user, "is_superuser", False
        ):
            return super().visible_to(user)
        return self.none()
