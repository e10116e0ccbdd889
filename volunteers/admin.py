"""Staff screens (R40) for volunteer applications, reviews, interviews, volunteers and missions."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from communes.admin import ReadOnlyInline
from log_portal.errors import ApplicationError
from volunteers import services
from volunteers.models import (
    Interview,
    Language,
    Mission,
    Review,
    Volunteer,
    VolunteerApplication,
    VolunteerApplicationTransition,
)


class VolunteerApplicationAdminForm(forms.ModelForm):
    languages = forms.TypedMultipleChoiceField(
        label=_("languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    raw_id_fields = ["reviewer"]


class InterviewInline(admin.StackedInline):
    model = Interview
    extra = 0


class VolunteerApplicationTransitionInline(ReadOnlyInline):
    model = VolunteerApplicationTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


def _transition_action(to_status: str, label):
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
            modeladmin.message_user(request, _("%(count)d application(s) moved.") % {"count": done})

    action.__name__ = f"mark_{to_status}"
    action.short_description = label
    return action


@admin.action(description=_("Check the gates (submitted applications)"))
def screen_applications(modeladmin, request, queryset):
    for application in queryset.filter(status=VolunteerApplication.Status.SUBMITTED):
        services.volunteer_application_screen(application=application, by=request.user)


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(admin.ModelAdmin):
    """R5: staff rank by mean score, filter, and move applications in bulk."""

    form = VolunteerApplicationAdminForm
    list_display = [
        "full_name",
        "nationality",
        "country_of_residence",
        "call",
        "status",
        "passes_availability_gate",
        "passes_passport_gate",
        "mean_score",
        "review_count",
    ]
    list_filter = [
        "status",
        "call",
        "passes_availability_gate",
        "passes_passport_gate",
        "gender",
        "nationality",
    ]
    list_select_related = ["call"]
    search_fields = ["first_name", "last_name", "email", "receipt_number", "competence_domain"]
    readonly_fields = [
        "receipt_number",
        "status",
        "passes_availability_gate",
        "passes_passport_gate",
        "created_at",
    ]
    inlines = [ReviewInline, InterviewInline, VolunteerApplicationTransitionInline]
    actions = [
        screen_applications,
        _transition_action(VolunteerApplication.Status.PRESELECTED, _("Preselect")),
        _transition_action(VolunteerApplication.Status.INTERVIEWED, _("Mark interviewed")),
        _transition_action(VolunteerApplication.Status.SELECTED, _("Select")),
        _transition_action(VolunteerApplication.Status.WAITLISTED, _("Waitlist")),
        _transition_action(VolunteerApplication.Status.REJECTED, _("Reject")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_scores()

    @admin.display(description=_("mean score"), ordering="mean_score")
    def mean_score(self, obj) -> str:
        return "-" if obj.mean_score is None else f"{obj.mean_score:.2f}"

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count(self, obj) -> int:
        return obj.review_count


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", *Review.SCORE_FIELDS]
    list_filter = ["application__call"]
    list_select_related = ["application", "reviewer"]
    search_fields = ["application__first_name", "application__last_name"]
    raw_id_fields = ["application", "reviewer"]


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
class VolunteerAdmin(admin.ModelAdmin):
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
