"""The demand-gap page: what villagers ask for against what the township's cadres know or learn."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from skilled_township.regions.models import Region

from .demand_gap import gap_ranking


def demand_gap(request):
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_role_perm("demand.view"):
        raise PermissionDenied
    townships = Region.objects.visible_to(request.user).townships().select_related("parent")
    own = request.user.scope
    chosen = request.GET.get("township") or (own.pk if own is not None and own.level == "township" else "")
    township = get_object_or_404(townships, pk=chosen) if str(chosen).isdigit() or isinstance(chosen, int) else None
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = gap_ranking(township, year) if township else []
    return render(
        request,
        "demand/gap.html",
        {"townships": townships, "township": township, "year": year, "rows": rows, "title": township or ""},
    )
