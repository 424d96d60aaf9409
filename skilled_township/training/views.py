import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from skilled_township.cadres.models import Secondment
from skilled_township.core import ratelimit
from skilled_township.core.context import client_ip
from skilled_township.core.views import (
    ExcludeUnlessPermittedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RolePermissionMixin,
)
from skilled_township.regions.pages import TownshipPageMixin, chosen_year

from . import services
from .filters import (
    DisbursementFilter,
    FundAllocationFilter,
    TrainingBaseFilter,
    TrainingPlanFilter,
    TrainingSessionFilter,
)
from .forms import (
    AttendanceForm,
    ClaimForm,
    DisbursementForm,
    FundAllocationForm,
    PhotoForm,
    TrainingBaseForm,
    TrainingPlanForm,
    TrainingSessionForm,
)
from .models import (
    Attendance,
    BasePhoto,
    Disbursement,
    FundAllocation,
    TrainingBase,
    TrainingPlan,
    TrainingSession,
)
from .tables import (
    DisbursementTable,
    FundAllocationTable,
    TrainingBaseTable,
    TrainingPlanTable,
    TrainingSessionTable,
)

# --- Bases ------------------------------------------------------------------------------------------------


class BaseListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = TrainingBase
    queryset = TrainingBase.objects.select_related("township", "headmaster")
    filterset_class = TrainingBaseFilter
    table_class = TrainingBaseTable
    permission = "training.view"
    add_url_name = "training:base_create"
    add_permission = "training.manage"
    action_columns = {"edit": "training.manage"}


class BaseDetailView(ObjectDetailView):
    model = TrainingBase
    queryset = TrainingBase.objects.select_related("township__parent", "village", "headmaster")
    permission = "training.view"
    edit_permission = "training.manage"
    template_name = "training/base_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = self.object
        context.update(
            title=base.name,
            stages=base.stages.all(),
            photos=base.photos.all(),
            allocations=FundAllocation.objects.visible_to(self.request.user).filter(base=base).order_by("-year", "id"),
            sessions=base.sessions.order_by("-date")[:10],
        )
        return context


class BaseEditView(ObjectEditView):
    model = TrainingBase
    form_class = TrainingBaseForm
    permission = "training.manage"
    template_name = "training/form.html"

    def get_success_url(self):
        return self.object.get_absolute_url()


class BasePhotoUploadView(RolePermissionMixin, View):
    """Add a photo to a base: checked (type, size, pixels) and re-encoded before it is stored."""

    permission = "training.manage"

    def get_base(self, pk):
        return get_object_or_404(TrainingBase.objects.visible_to(self.request.user), pk=pk)

    def render_page(self, base, form):
        title = _("上传照片：%(base)s") % {"base": base}
        context = {"form": form, "base": base, "title": title, "cancel_url": base.get_absolute_url()}
        return render(self.request, "training/photo_form.html", context)

    def get(self, request, pk):
        return self.render_page(self.get_base(pk), PhotoForm())

    def post(self, request, pk):
        base = self.get_base(pk)
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(base, form)
        services.add_photo(base, form.cleaned_data["image"], form.cleaned_data["caption"], by=request.user)
        messages.success(request, _("照片已上传。"))
        return redirect(base)


class BasePhotoDeleteView(ObjectDeleteView):
    model = BasePhoto
    permission = "training.manage"

    def get_success_url(self):
        return reverse("training:base_detail", args=[self.object.base_id])

    def form_valid(self, form):
        url = self.get_success_url()
        services.remove_photo(self.object, by=self.request.user)
        messages.success(self.request, _("照片已删除。"))
        return HttpResponseRedirect(url)


# --- Funds ------------------------------------------------------------------------------------------------


class AllocationListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = FundAllocation
    queryset = FundAllocation.objects.select_related("base__township")
    filterset_class = FundAllocationFilter
    table_class = FundAllocationTable
    permission = "training.view"
    add_url_name = "training:allocation_create"
    add_permission = "training.funds"
    action_columns = {"edit": "training.funds", "pay": "training.funds"}


class AllocationEditView(ObjectEditView):
    model = FundAllocation
    form_class = FundAllocationForm
    permission = "training.funds"
    success_url = reverse_lazy("training:allocation_list")


class DisbursementListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = Disbursement
    queryset = Disbursement.objects.select_related("allocation__base__township")
    filterset_class = DisbursementFilter
    table_class = DisbursementTable
    permission = "training.view"
    add_url_name = "training:disbursement_create"
    add_permission = "training.funds"
    action_columns = {"edit": "training.funds"}


class DisbursementEditView(ObjectEditView):
    """Pay out of an allocation: never more than what remains, also when two people pay at the same moment."""

    model = Disbursement
    form_class = DisbursementForm
    permission = "training.funds"
    success_url = reverse_lazy("training:disbursement_list")
    template_name = "training/form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("allocation", "").isdigit():
            initial["allocation"] = self.request.GET["allocation"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is not None:
            context["delete_url"] = reverse("training:disbursement_delete", args=[self.object.pk])
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class DisbursementDeleteView(ObjectDeleteView):
    model = Disbursement
    permission = "training.funds"
    success_url = reverse_lazy("training:disbursement_list")

    def form_valid(self, form):
        removed = str(self.object)
        services.delete_disbursement(self.object, by=self.request.user)
        messages.success(self.request, _("已删除：%(obj)s") % {"obj": removed})
        return HttpResponseRedirect(self.get_success_url())


class FundSummaryView(RolePermissionMixin, View):
    """Allocated, disbursed and remaining per base, township, county and in the whole scope for a year, and the
    tech deputy heads' living allowances."""

    permission = "training.view"

    def get(self, request):
        year = chosen_year(request)
        totals = services.fund_totals(FundAllocation.objects.visible_to(request.user), year)
        allowances = services.living_allowances(Secondment.objects.visible_to(request.user), year)
        context = {
            "year": year,
            "totals": totals,
            "allowances": allowances,
            "allowance_total": sum((a.year_total for a in allowances), 0),
            "title": gettext_lazy("经费汇总"),
        }
        return render(request, "training/fund_summary.html", context)


# --- Plans and sessions -----------------------------------------------------------------------------------


class PlanListView(ExcludeUnlessPermittedMixin, ObjectListView):
    model = TrainingPlan
    queryset = TrainingPlan.objects.select_related("township").annotate(session_count=Count("sessions"))
    filterset_class = TrainingPlanFilter
    table_class = TrainingPlanTable
    permission = "training.view"
    add_url_name = "training:plan_create"
    add_permission = "training.manage"
    action_columns = {"edit": "training.manage"}


class PlanEditView(ObjectEditView):
    model = TrainingPlan
    form_class = TrainingPlanForm
    permission = "training.manage"
    success_url = reverse_lazy("training:plan_list")


class SessionListView(ObjectListView):
    model = TrainingSession
    queryset = TrainingSession.objects.select_related("plan__township", "skill", "base", "instructor_cadre").annotate(
        attendance_count=Count("attendances", filter=Q(attendances__status=Attendance.Status.CONFIRMED))
    )
    filterset_class = TrainingSessionFilter
    table_class = TrainingSessionTable
    permission = "training.view"
    add_url_name = "training:session_create"
    add_permission = "training.manage"


class SessionDetailView(ObjectDetailView):
    """A session: its attendance, the claims waiting to be confirmed, and the check-in QR code."""

    model = TrainingSession
    queryset = TrainingSession.objects.select_related("plan__township", "skill", "base", "instructor_cadre")
    permission = "training.view"
    edit_permission = "training.manage"
    template_name = "training/session_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        attendances = session.attendances.select_related("cadre", "study_record").order_by("cadre__name", "id")
        checkin_url = self.request.build_absolute_uri(reverse("training:checkin", args=[session.checkin_token]))
        can_manage = self.request.user.has_role_perm("training.manage")
        opens, closes = session.window()
        context.update(
            title=str(session),
            confirmed=[a for a in attendances if a.status == Attendance.Status.CONFIRMED],
            claims=[a for a in attendances if a.status == Attendance.Status.CLAIMED],
            other_skills=session.other_skills.all(),
            can_manage=can_manage,
            checkin_url=checkin_url if can_manage else "",
            qr_svg=qr_svg(checkin_url) if can_manage else "",
            window_opens=opens,
            window_closes=closes,
            held=session.date <= timezone.localdate(),
        )
        return context


def qr_svg(url: str) -> str:
    """The check-in link as an inline SVG QR code, made on the server (no script, nothing fetched)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=5, border=2)


class SessionEditView(ObjectEditView):
    """Schedule or change a session; its attendees' study records follow the change (``services``)."""

    model = TrainingSession
    form_class = TrainingSessionForm
    permission = "training.manage"
    template_name = "training/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is not None:
            context["delete_url"] = reverse("training:session_delete", args=[self.object.pk])
        return context

    def get_success_url(self):
        return self.object.get_absolute_url()


class SessionDeleteView(ObjectDeleteView):
    model = TrainingSession
    permission = "training.manage"
    success_url = reverse_lazy("training:session_list")

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        removed = str(self.object)
        records = services.delete_session(self.object, by=self.request.user)
        messages.success(self.request, _("已删除：%(obj)s，及其 %(n)s 条学习记录。") % {"obj": removed, "n": records})
        return HttpResponseRedirect(self.get_success_url())


class SessionAttendanceView(RolePermissionMixin, View):
    """Tick who was there, on a phone; saving writes (or removes) their study records for the session."""

    permission = "training.manage"

    def get_session(self, pk):
        sessions = TrainingSession.objects.visible_to(self.request.user).select_related("plan__township", "skill")
        return get_object_or_404(sessions, pk=pk)

    def render_page(self, session, form):
        context = {"session": session, "form": form, "title": _("点名：%(s)s") % {"s": session}}
        context["not_yet"] = session.date > timezone.localdate()
        return render(self.request, "training/attendance_form.html", context)

    def get(self, request, pk):
        session = self.get_session(pk)
        ticked = session.attendances.filter(status=Attendance.Status.CONFIRMED).values_list("cadre", flat=True)
        form = AttendanceForm(session=session, user=request.user, initial={"cadres": list(ticked)})
        return self.render_page(session, form)

    def post(self, request, pk):
        session = self.get_session(pk)
        form = AttendanceForm(request.POST, session=session, user=request.user)
        if form.is_valid():
            try:
                added, removed = services.save_attendance(session, form.cleaned_data["cadres"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("出勤已保存：新增 %(added)s 人，取消 %(removed)s 人；学习台账已同步。")
                    % {"added": added, "removed": removed},
                )
                return redirect(session)
        return self.render_page(session, form)


class ClaimDecisionView(RolePermissionMixin, View):
    """Confirm (or turn down) a check-in made with a name and the ID's last four digits."""

    permission = "training.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        attendances = Attendance.objects.visible_to(request.user).select_related("session", "cadre")
        attendance = get_object_or_404(attendances, pk=pk, status=Attendance.Status.CLAIMED)
        if request.POST.get("decision") == "confirm":
            services.confirm_claim(attendance, by=request.user)
            messages.success(request, _("已确认 %(name)s 出勤。") % {"name": attendance.cadre.name})
        elif request.POST.get("decision") == "reject":
            services.reject_claim(attendance, by=request.user)
            messages.info(request, _("已退回 %(name)s 的签到。") % {"name": attendance.cadre.name})
        return redirect(attendance.session)


#: Name-and-digits claims one device may make for one session in the window: enough for typing mistakes, too
#: few to try the township's names one after another.
CLAIM_ATTEMPTS = 10
CLAIM_WINDOW_SECONDS = 15 * 60


class CheckInView(View):
    """What the session's QR code opens. A cadre signed in with their own account checks in with one tap;
    anyone else may give a name and the ID's last four digits, for the township to confirm. Only while the
    session's window is open (30 minutes before the start until its end)."""

    def get_session(self, token):
        sessions = TrainingSession.objects.select_related("plan__township", "skill")
        return get_object_or_404(sessions, checkin_token=token)

    def render_page(self, session, form=None, status=200):
        user = self.request.user
        cadre = (
            getattr(user, "cadre", None) if user.is_authenticated and user.has_role_perm("training.checkin") else None
        )
        refusal = services.checkin_refusal(session, timezone.now())
        if refusal is None and cadre is not None:
            refusal = services.cadre_refusal(session, cadre)
        mine = Attendance.objects.filter(session=session, cadre=cadre).first() if cadre is not None else None
        context = {
            "session": session,
            "cadre": cadre,
            "refusal": refusal,
            "attendance": mine,
            "form": form if form is not None else ClaimForm(),
            "title": _("培训签到"),
        }
        return render(self.request, "training/checkin.html", context, status=status)

    def get(self, request, token):
        return self.render_page(self.get_session(token))

    def post(self, request, token):
        session = self.get_session(token)
        user = request.user
        if request.POST.get("action") == "self" and user.is_authenticated and user.has_role_perm("training.checkin"):
            try:
                services.check_in(session, user.cadre)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("签到成功，本次学时已记入您的学习台账。"))
            return redirect(request.path)
        form = ClaimForm(request.POST)
        if form.is_valid() and not ratelimit.attempt(
            "checkin-claim", f"{session.pk}:{client_ip(request)}", limit=CLAIM_ATTEMPTS, window=CLAIM_WINDOW_SECONDS
        ):
            form.add_error(None, _("尝试次数过多，请 15 分钟后再试，或请填报员点名登记。"))
            return self.render_page(session, form, status=429)
        if form.is_valid():
            try:
                services.claim_check_in(session, form.cleaned_data["name"], form.cleaned_data["id_last4"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已提交签到，待乡镇填报员确认后记入学习台账。"))
                return redirect(request.path)
        return self.render_page(session, form)


# --- Progress and calendar --------------------------------------------------------------------------------


class ProgressView(TownshipPageMixin, View):
    permission = "training.view"

    def get(self, request):
        township, year = self.township(), self.year()
        progress = services.plan_progress(township, year) if township else None
        context = {
            "township": township,
            "townships": self.townships(),
            "year": year,
            "progress": progress,
            "title": gettext_lazy("培训进度"),
        }
        return render(request, "training/progress.html", context)


class CalendarView(TownshipPageMixin, View):
    permission = "training.view"

    def get(self, request):
        township = self.township()
        year, month = self.month()
        sessions = []
        if township is not None:
            sessions = (
                TrainingSession.objects.visible_to(request.user)
                .filter(plan__township=township, date__year=year, date__month=month)
                .order_by("date", "start_time", "id")
            )
        first = datetime.date(year, month, 1)
        previous = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
        following = (first + datetime.timedelta(days=31)).strftime("%Y-%m")
        context = {
            "township": township,
            "townships": self.townships(),
            "month": f"{year:04d}-{month:02d}",
            "weeks": services.month_calendar(sessions, year, month),
            "sessions": sessions,
            "previous": previous,
            "following": following,
            "title": gettext_lazy("培训日历"),
        }
        return render(request, "training/calendar.html", context)
