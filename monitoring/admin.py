from django.contrib import admin

from monitoring.models import (
    Assessment,
    AssessmentStatusChange,
    CommitmentAssessment,
    InactivityCheckRun,
    Letter,
    MonitoredPlan,
    MonitoringBody,
)


class MonitoredPlanInline(admin.TabularInline):
    model = MonitoredPlan
    extra = 0
    raw_id_fields = ["plan"]


@admin.register(MonitoringBody)
class MonitoringBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "contact_email"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "contact_email"]
    filter_horizontal = ["members"]
    inlines = [MonitoredPlanInline]


@admin.register(MonitoredPlan)
class MonitoredPlanAdmin(admin.ModelAdmin):
    list_display = ["plan", "body", "appointed_on"]
    search_fields = ["plan__title", "body__name"]
    list_select_related = ["plan", "body"]
    raw_id_fields = ["plan"]


class CommitmentAssessmentInline(admin.TabularInline):
    model = CommitmentAssessment
    extra = 0
    raw_id_fields = ["commitment"]


class AssessmentStatusChangeInline(admin.TabularInline):
    model = AssessmentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "body", "status", "due_on", "submitted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["plan__title", "commitment__title", "body__name"]
    list_select_related = ["plan", "commitment", "body"]
    raw_id_fields = ["plan", "commitment", "submitted_by"]
    readonly_fields = ["status", "submitted_at", "submitted_by"]
    date_hierarchy = "due_on"
    inlines = [CommitmentAssessmentInline, AssessmentStatusChangeInline]


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(admin.ModelAdmin):
    list_display = ["commitment", "assessment", "is_relevant", "is_verifiable", "potential_impact"]
    list_filter = ["is_relevant", "is_verifiable", "potential_impact"]
    search_fields = ["commitment__title"]
    list_select_related = ["commitment", "assessment__plan"]
    raw_id_fields = ["assessment", "commitment"]


@admin.register(AssessmentStatusChange)
class AssessmentStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["assessment", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["assessment__plan", "changed_by"]
    search_fields = ["assessment__plan__title"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["status_change", "language", "sent_at", "created_at"]
    list_filter = ["language"]
    search_fields = ["status_change__commune__name"]
    list_select_related = ["status_change__commune"]
    raw_id_fields = ["status_change"]


@admin.register(InactivityCheckRun)
class InactivityCheckRunAdmin(admin.ModelAdmin):
    list_display = [
        "as_of",
        "dry_run",
        "started_at",
        "finished_at",
        "communes_checked",
        "status_changes",
        "letters",
    ]
    list_filter = ["dry_run"]
    date_hierarchy = "as_of"
    readonly_fields = [
        "started_at",
        "finished_at",
        "communes_checked",
        "status_changes",
        "letters",
        "counts",
    ]
