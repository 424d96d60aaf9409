"""我的帮扶户: a cadre's own households, as cards on a phone and a table on a larger screen, and a read-only page
for each household they are paired with now (any other household does not exist for them: 404)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.core.views import RolePermissionMixin

from ..models import Visit
from ..services import households as household_pages
from ..services import my_households, targets
from ..tables.pairings import status_badge
from ..tables.visits import confirmation_badge

OWN = "pairing.own"
#: Visits listed on a household's page (the rest are in the cadre's 民情日志).
RECENT_VISITS = 10


class MyHouseholdsView(RolePermissionMixin, View):
    """The cadre's active pairings, a page at a time, with how many stand at each target status. The same few
    queries however many households or visits: the figures are subqueries of the page's own query."""

    permission = OWN

    def get(self, request):
        year = timezone.localdate().year
        pairings = my_households.my_households(request.user, year)
        page = Paginator(pairings, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        for pairing in page:
            pairing.badge = status_badge(pairing)
        counts = my_households.status_counts(pairings)
        context = {
            "page_obj": page,
            "pairings": page.object_list,
            "counts": [(status.label, counts[status.value]) for status in targets.TargetStatus],
            "year": year,
            "title": gettext_lazy("我的帮扶户"),
        }
        return render(request, "pairing/my_households.html", context)


class MyHouseholdView(RolePermissionMixin, View):
    """A household the cadre is paired with now: its facts (ID masked), the income target, incomes against the
    village's line, members and their skills, and the cadre's own recent visits. Nothing to edit here: the
    township keeps the household's records."""

    permission = OWN

    def get(self, request, pk):
        pairing = my_households.my_pairing_with(request.user, pk)
        if pairing is None:
            raise Http404
        household = pairing.household
        visits = Visit.objects.visible_to(request.user).filter(household=household).order_by("-visited_on", "-id")
        recent = list(visits[:RECENT_VISITS])
        for visit in recent:
            visit.badge = confirmation_badge(visit)
        context = {
            "pairing": pairing,
            "object": household,
            "target": targets.target_of(pairing),
            "target_years": pairing.TARGET_YEARS,
            "people": household_pages.members_with_skills(household),
            "incomes": household_pages.incomes_against_line(household),
            "visits": recent,
            "visit_count": visits.count(),
            "title": _("我的帮扶户：%(head)s") % {"head": household.head_name},
        }
        return render(request, "pairing/my_household.html", context)
