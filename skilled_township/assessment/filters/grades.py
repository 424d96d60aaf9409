from skilled_township.core.filters import ScopedFilterSet

from ..models import CadreGrade, GradeAppeal


class GradeFilter(ScopedFilterSet):
    class Meta:
        model = CadreGrade
        fields = ["final", "suggested"]


class AppealFilter(ScopedFilterSet):
    class Meta:
        model = GradeAppeal
        fields = ["status"]
