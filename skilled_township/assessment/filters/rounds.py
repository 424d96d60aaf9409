from skilled_township.core.filters import ScopedFilterSet

from ..models import AssessmentRound, ReviewerAssignment


class RoundFilter(ScopedFilterSet):
    class Meta:
        model = AssessmentRound
        fields = ["year", "status"]


class SheetFilter(ScopedFilterSet):
    class Meta:
        model = ReviewerAssignment
        fields = ["round", "status"]
