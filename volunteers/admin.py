"""Staff screens (R40) for volunteer applications, reviews, interviews, volunteers and missions."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes.admin import ReadOnlyInline, invite_action
from communes.models import Commune, CommuneApplication
from log_portal.admin_files import AdminFileLinksMixin
from log_portal.errors import ApplicationError
from volunteers import exports, selectors, services
from volunteers.models import (
    MISSION_MONTHS,
    ApplicationImport,
    Interview,
    Language,
    Mission,
    Review,
    Volunteer,
    VolunteerApplication,
    VolunteerApplicationTransition,
)
from volunteers.permissions import can_see_all_scores, can_see_other_reviews

Status = VolunteerApplication.Status


class VolunteerApplicationAdminForm(forms.ModelForm):
    languages = forms.TypedMultipleChoiceField(
        label=_("languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MyReviewInline(admin.StackedInline):
    """R4: the signed-in reviewer's own scores (one review per reviewer and application)."""

    model = Review
    extra = 1
    max_num = 1
    can_delete = False
    fields = [*Review.SCORE_FIELDS, "comment"]
    verbose_name = _("my review")
    verbose_name_plural = _("my review")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reviewer=request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        reviewable = bool(obj and obj.status in services.REVIEWABLE_STATUSES)
        return reviewable and super().has_add_permission(request, obj)


class OtherReviewsInline(ReadOnlyInline):
    """R5: the other reviewers' scores, shown once the signed-in reviewer submitted their own."""

    model = Review
    fields = ["reviewer", *Review.SCORE_FIELDS, "comment"]
    readonly_fields = fields
    verbose_name = _("other reviewer's scores")
    verbose_name_plural = _("other reviewers' scores")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).exclude(reviewer=request.user).select_related("reviewer")
        )


class InterviewInline(admin.StackedInline):
    """R5: the interview record: date, participants, notes, recommendation."""

    model = Interview
    extra = 0


class VolunteerApplicationTransitionInline(ReadOnlyInline):
    model = VolunteerApplicationTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def _transition_action(to_status: str, label):
    """R5: one bulk action per transition; rows in the wrong state are refused with a message."""

    def action(modeladmin, request, queryset):
        done = 0
        for application in queryset:
            try:
                services.volunteer_application_transition(
                    application=application, to_status=to_status, by=request.user
                )
                done += 1
            except ApplicationError as exc:
                modeladmin.message_user(request, f"{application}: {exc.message}", messages.WARNING)
        if done:
            modeladmin.message_user(
                request, gettext("%(count)d application(s) moved.") % {"count": done}
            )

    action.__name__ = f"mark_{to_status}"
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


@admin.action(description=_("Check the gates (submitted applications)"), permissions=["change"])
def screen_applications(modeladmin, request, queryset):
    for application in queryset.filter(status=Status.SUBMITTED):
        services.volunteer_application_screen(application=application, by=request.user)


class ScoreBandFilter(admin.SimpleListFilter):
    """R5: applications by mean score band (0-5), or not scored yet."""

    title = _("mean score")
    parameter_name = "score"
    BANDS = {"0-2": (0, 2), "2-3": (2, 3), "3-4": (3, 4), "4-5": (4, 5.01)}

    def lookups(self, request, model_admin):
        return [("none", _("Not scored")), *[(key, key) for key in self.BANDS]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(review_count=0)
        if value in self.BANDS:
            low, high = self.BANDS[value]
            return queryset.filter(mean_score__gte=low, mean_score__lt=high)
        return queryset


class GatesFilter(admin.SimpleListFilter):
    """R4: applicants who pass both gates, or fail at least one."""

    title = _("gates")
    parameter_name = "gates"

    def lookups(self, request, model_admin):
        return [("pass", _("Pass both gates")), ("fail", _("Fail a gate"))]

    def queryset(self, request, queryset):
        if self.value() == "pass":
            return queryset.filter(passes_availability_gate=True, passes_passport_gate=True)
        if self.value() == "fail":
            return queryset.filter(
                Q(passes_availability_gate=False) | Q(passes_passport_gate=False)
            )
        return queryset


class AssignmentForm(forms.Form):
    """R7: the mission of each selected applicant (commune, start, mode, roadmap)."""

    start = forms.DateField(
        label=_("mission start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    mode = forms.ChoiceField(label=_("mode"), choices=Mission.Mode.choices)

    def __init__(self, *args, applications, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for application in applications:
            commune_field = forms.ModelChoiceField(
                label=application.full_name, queryset=communes, required=False
            )
            roadmap_field = forms.CharField(
                label=_("roadmap"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"commune_{application.pk}"] = commune_field
            self.fields[f"roadmap_{application.pk}"] = roadmap_field
            self.rows.append(
                (application, self[f"commune_{application.pk}"], self[f"roadmap_{application.pk}"])
            )


@admin.action(description=_("Assign to communes (selected applicants)"), permissions=["change"])
def assign_to_communes(modeladmin, request, queryset):
    """R7: assign selected volunteers to selected communes of the same cohort via mission_assign."""
    applications = list(queryset.select_related("call__cohort"))
    refused = [a for a in applications if a.status != Status.SELECTED]
    for application in refused:
        modeladmin.message_user(
            request,
            gettext("%(application)s: only a selected applicant is assigned to a commune.")
            % {"application": application},
            messages.WARNING,
        )
    applications = [a for a in applications if a.status == Status.SELECTED]
    cohorts = {a.call.cohort_id for a in applications}
    if not applications:
        return None
    if len(cohorts) > 1:
        modeladmin.message_user(
            request, gettext("Choose applicants of one cohort at a time."), messages.ERROR
        )
        return None
    cohort = applications[0].call.cohort
    communes = (
        Commune.objects.filter(
            applications__status=CommuneApplication.Status.SELECTED,
            applications__call__cohort=cohort,
        )
        .distinct()
        .order_by("country", "name")
    )
    initial = {"start": applications[0].call.mission_start, "mode": Mission.Mode.ON_SITE}
    form = AssignmentForm(
        request.POST if "apply" in request.POST else None,
        initial=initial,
        applications=applications,
        communes=communes,
    )
    if "apply" in request.POST and form.is_valid():
        assigned = 0
        for application, commune_field, roadmap_field in form.rows:
            commune = form.cleaned_data[commune_field.name]
            if commune is None:
                continue
            try:
                with transaction.atomic():
                    volunteer = Volunteer.objects.filter(application=application).first()
                    if volunteer is None:
                        volunteer = services.volunteer_create_from_application(
                            application=application
                        )
                    services.mission_assign(
                        volunteer=volunteer,
                        commune=commune,
                        cohort=cohort,
                        start=form.cleaned_data["start"],
                        mode=form.cleaned_data["mode"],
                        roadmap=form.cleaned_data[roadmap_field.name],
                        by=request.user,
                    )
                assigned += 1
            except ApplicationError as exc:
                modeladmin.message_user(
                    request,
                    gettext("%(name)s was not assigned to %(commune)s: %(reason)s")
                    % {"name": application.full_name, "commune": commune, "reason": exc.message},
                    messages.ERROR,
                )
        if assigned:
            modeladmin.message_user(
                request, gettext("%(count)d mission(s) created.") % {"count": assigned}
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Assign volunteers to communes"),
        "opts": modeladmin.model._meta,
        "form": form,
        "cohort": cohort,
        "communes": communes,
        "mission_months": MISSION_MONTHS,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/volunteers/volunteerapplication/assign.html", context)


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    """R5: staff rank by mean score, filter, and move applications in bulk."""

    form = VolunteerApplicationAdminForm
    list_display = [
        "full_name",
        "nationality",
        "gender",
        "call",
        "status",
        "passes_availability_gate",
        "passes_passport_gate",
        "mean_score",
        "review_count",
        "reviewed_by_me",
    ]
    list_filter = [
        "status",
        "call",
        GatesFilter,
        "passes_availability_gate",
        "passes_passport_gate",
        ScoreBandFilter,
        "gender",
        "nationality",
    ]
    list_select_related = ["call"]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["first_name", "last_name", "email", "receipt_number"]
    readonly_fields = [
        "receipt_number",
        "status",
        "passes_availability_gate",
        "passes_passport_gate",
        "created_at",
        "invited_at",
        "erased_at",
    ]
    inlines = [
        MyReviewInline,
        OtherReviewsInline,
        InterviewInline,
        VolunteerApplicationTransitionInline,
    ]
    actions = [
        screen_applications,
        _transition_action(Status.PRESELECTED, _("Preselect")),
        invite_action(
            services.volunteer_application_invite,
            "invite_to_interview",
            _("Invite to the interview (e-mail)"),
        ),
        _transition_action(Status.INTERVIEWED, _("Mark interviewed (interview recorded)")),
        _transition_action(Status.SELECTED, _("Select")),
        _transition_action(Status.WAITLISTED, _("Waitlist")),
        _transition_action(Status.REJECTED, _("Reject")),
        assign_to_communes,
        "export_csv_action",
    ]

    def get_queryset(self, request):
        return selectors.volunteer_application_list(user=request.user)

    def get_inline_instances(self, request, obj=None):
        """R5: the other reviewers' scores stay hidden until the reviewer submitted their own."""
        inlines = super().get_inline_instances(request, obj)
        if obj is None or not can_see_other_reviews(request.user, obj.pk):
            inlines = [i for i in inlines if not isinstance(i, OtherReviewsInline)]
        return inlines

    def save_formset(self, request, form, formset, change):
        """R4: a new review is the signed-in reviewer's, through the review service."""
        if formset.model is not Review:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for review_form in formset.forms:
            if not review_form.has_changed() or not review_form.is_valid():
                continue
            review = review_form.instance
            if review.pk:
                formset.changed_objects.append((review_form.save(), review_form.changed_data))
                continue
            review = services.review_submit(
                application=form.instance,
                reviewer=request.user,
                scores={name: review_form.cleaned_data[name] for name in Review.SCORE_FIELDS},
                comment=review_form.cleaned_data.get("comment", ""),
            )
            formset.new_objects.append(review)
        return None

    @admin.display(description=_("mean score"), ordering="mean_score")
    def mean_score(self, obj) -> str:
        if obj.mean_score is None:
            return "-"
        if not obj.scores_visible:
            return gettext("hidden until you score")
        return f"{obj.mean_score:.2f}"

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count(self, obj) -> int:
        return obj.review_count

    @admin.display(description=_("reviewed by me"), boolean=True, ordering="reviewed_by_me")
    def reviewed_by_me(self, obj) -> bool:
        return obj.reviewed_by_me

    # --- Dashboard and exports ------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "dashboard/",
                wrap(self.dashboard_view),
                name="volunteers_volunteerapplication_dashboard",
            ),
            path(
                "export/<str:fmt>/",
                wrap(self.export_view),
                name="volunteers_volunteerapplication_export",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        """R5, R6: per call, counts per status, gender and country balance, reviews missing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Selection dashboard"),
            "opts": self.model._meta,
            "rows": selectors.selection_dashboard(),
            "reviews_wanted": settings.REVIEWS_PER_APPLICATION,
        }
        return TemplateResponse(
            request, "admin/volunteers/volunteerapplication/dashboard.html", context
        )

    def export_view(self, request, fmt: str):
        """R5: the changelist as filtered (same query string), as CSV or XLSX. Staff only (R8)."""
        if fmt not in ("csv", "xlsx") or not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:volunteers_volunteerapplication_changelist"))
        return self._export(request, changelist.get_queryset(request), fmt)

    def _export(self, request, queryset, fmt: str):
        filename = f"volunteer-applications-{timezone.localdate():%Y-%m-%d}"
        with_scores = can_see_all_scores(request.user)
        if fmt == "xlsx":
            return exports.xlsx_response(queryset, with_scores=with_scores, filename=filename)
        return exports.csv_response(queryset, with_scores=with_scores, filename=filename)

    @admin.action(description=_("Export the selected rows (CSV)"), permissions=["view"])
    def export_csv_action(self, request, queryset):
        return self._export(request, queryset, "csv")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """R5: scores are listed for coordinators; a reviewer sees their own only."""

    list_display = ["application", "reviewer", *Review.SCORE_FIELDS]
    list_filter = ["application__call"]
    list_select_related = ["application", "reviewer"]
    search_fields = ["application__first_name", "application__last_name"]
    raw_id_fields = ["application", "reviewer"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_see_all_scores(request.user):
            return queryset
        return queryset.filter(reviewer=request.user)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "held_on", "recommendation"]
    list_filter = ["recommendation"]
    list_select_related = ["application"]
    search_fields = ["application__first_name", "application__last_name"]
    raw_id_fields = ["application"]


class MissionInline(admin.TabularInline):
    """Missions are added on the Mission form, where the R7 checks show with their message."""

    model = Mission
    extra = 0
    can_delete = False
    fields = ["commune", "cohort", "starts_on", "ends_on", "mode", "status"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Volunteer)
class VolunteerAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    list_display = ["display_name", "nationality", "user"]
    list_filter = ["nationality"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__email"]
    raw_id_fields = ["user", "application"]
    inlines = [MissionInline]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    """R7: the ModelForm runs Mission.full_clean, so a refused assignment shows on the form."""

    list_display = ["volunteer", "commune", "cohort", "starts_on", "ends_on", "mode", "status"]
    list_filter = ["status", "mode", "cohort", "commune__country"]
    list_select_related = ["volunteer", "commune", "cohort"]
    search_fields = ["volunteer__display_name", "commune__name"]
    autocomplete_fields = ["volunteer", "commune"]
    readonly_fields = ["assigned_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ApplicationImport)
class ApplicationImportAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    """Imports are started and followed on their own page (see volunteers.views)."""

    list_display = ["call", "status", "total_rows", "error_count", "created_count", "created_at"]
    list_select_related = ["call"]
    readonly_fields = [
        "call",
        "file",
        "status",
        "total_rows",
        "processed_rows",
        "error_count",
        "created_count",
        "report",
        "message",
        "created_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False
