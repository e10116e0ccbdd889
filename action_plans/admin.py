from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from action_plans.models import (
    ActionPlan,
    CoCreationMeeting,
    Endorsement,
    PlanStatusChange,
    StrategicVision,
)
from log_portal.admin_files import AdminFileLinksMixin


class ActionPlanAdminForm(forms.ModelForm):
    """Shows the R13 and R20 errors that depend on the chosen communes."""

    class Meta:
        model = ActionPlan
        fields = "__all__"  # noqa: DJ007

    def clean(self):
        cleaned = super().clean()
        communes = cleaned.get("communes")
        if communes is None:
            return cleaned
        plan = self.instance
        try:
            plan.validate_communes(communes)
        except ValidationError as error:
            self.add_error("communes", error)
            return cleaned
        try:
            plan.validate_period(communes)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class StrategicVisionInline(AdminFileLinksMixin, admin.StackedInline):
    model = StrategicVision
    extra = 0
    max_num = 1


class CoCreationMeetingInline(admin.TabularInline):
    model = CoCreationMeeting
    extra = 0
    fields = [
        "held_on",
        "phase",
        "kind",
        "title",
        "is_forum",
        "government_participants",
        "non_government_participants",
        "is_public",
    ]
    show_change_link = True


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    autocomplete_fields = ["organisation"]


class PlanStatusChangeInline(admin.TabularInline):
    model = PlanStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    form = ActionPlanAdminForm
    list_display = [
        "title",
        "coordinating_commune",
        "status",
        "start_date",
        "end_date",
        "submitted_on",
    ]
    list_filter = ["status", "coordinating_commune__country"]
    search_fields = ["title", "title_en", "communes__name"]
    list_select_related = ["coordinating_commune"]
    filter_horizontal = ["communes"]
    date_hierarchy = "start_date"
    readonly_fields = ["status", "submitted_on"]
    inlines = [
        StrategicVisionInline,
        CoCreationMeetingInline,
        EndorsementInline,
        PlanStatusChangeInline,
    ]


@admin.register(StrategicVision)
class StrategicVisionAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    list_display = ["plan", "mandate_end", "plan_end", "updated_at"]
    search_fields = ["plan__title"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan"]


@admin.register(CoCreationMeeting)
class CoCreationMeetingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "plan",
        "held_on",
        "phase",
        "kind",
        "is_forum",
        "government_participants",
        "non_government_participants",
        "is_public",
    ]
    list_filter = ["phase", "kind", "is_forum", "is_public"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan"]
    autocomplete_fields = ["organisations"]
    date_hierarchy = "held_on"


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["organisation", "plan", "endorsed_on", "person_name"]
    search_fields = ["organisation__name", "plan__title", "person_name"]
    list_select_related = ["organisation", "plan"]
    raw_id_fields = ["plan"]
    autocomplete_fields = ["organisation"]


@admin.register(PlanStatusChange)
class PlanStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["plan", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["plan__title"]
    list_select_related = ["plan", "changed_by"]
    readonly_fields = ["plan", "from_status", "to_status", "changed_by", "note"]
