from __future__ import annotations

from typing import Any

from skilled_township.cadres.models import Cadre
from skilled_township.core.scoping import ScopedQuerySet

#: A study ledger covering at most this many cadres (a township's, or one name searched) names them in its
#: query; see StudyRecordQuerySet.for_cadres_of.
NARROW_LEDGER_CADRES = 500


class PlanRuleQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"


class PlanRuleCategoryQuerySet(ScopedQuerySet):
    region_code_lookup = "rule__region__code"


class LearningPlanQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"


class PlanItemQuerySet(ScopedQuerySet):
    region_code_lookup = "plan__cadre__township__code"
    owner_lookup = "plan__cadre"


class StudyRecordQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"

    def for_cadres_of(self, user: Any, township: Any = None, name: str = "") -> StudyRecordQuerySet:
        """These records, naming the cadres they can belong to when those are few: the cadres ``user`` sees,
        of ``township`` and whose names contain ``name`` where given. The ledger page and the API both ask.

        Scoped through the cadre's township, the database cannot tell how few of the city's records a
        township holds, so it walks the city-wide date index (study_ledger_order) looking for them: on
        500,000 records a 16-cadre township's first page took 190 ms and its last page 1.5 s. Given the
        cadres' ids it reads their rows through study_cadre_date and sorts them: 2 ms and 0.2 ms."""
        cadres = Cadre.objects.visible_to(user)
        if township is not None:
            cadres = cadres.filter(township=township)
        if name:
            cadres = cadres.filter(name__icontains=name)
        ids = list(cadres.values_list("pk", flat=True)[: NARROW_LEDGER_CADRES + 1])
        return self.filter(cadre__in=ids) if len(ids) <= NARROW_LEDGER_CADRES else self


class StudyReportQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"
