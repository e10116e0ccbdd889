from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from log_portal.admin_files import AdminFileLinksMixin, admin_file_url
from log_portal.errors import ApplicationError
from monitoring.forms import ReopenForm
from monitoring.models import (
    Assessment,
    AssessmentStatusChange,
    CommitmentAssessment,
    InactivityCheckRun,
    Letter,
    MonitoredPlan,
    MonitoringBody,
    Report,
)
from monitoring.services import assessment_reopen


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
    actions = ["reopen"]

    @admin.action(description=_("Reopen the selected submitted assessments (with a reason)"))
    def reopen(self, request, queryset):
        """Staff reopen submitted assessments through the service, after giving a reason."""
        form = ReopenForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for assessment in queryset:
                try:
                    assessment_reopen(
                        assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except ApplicationError as error:
                    self.message_user(request, f"{assessment}: {error.message}", messages.ERROR)
            if done:
                self.message_user(request, _("%(count)d assessment(s) reopened.") % {"count": done})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reopen assessments"),
            "form": form,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/monitoring/reopen_assessments.html", context)


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
class LetterAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    """R30: the letters of status changes, for staff to read (PDF) and see whether they were sent."""

    list_display = ["commune", "rule", "to_status", "effective_on", "language", "pdf", "sent_at"]
    list_filter = ["language", "status_change__to_status", "status_change__rule"]
    search_fields = ["status_change__commune__name"]
    list_select_related = ["status_change__commune"]
    raw_id_fields = ["status_change"]
    readonly_fields = ["status_change", "language", "file", "sent_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("commune"), ordering="status_change__commune__name")
    def commune(self, letter):
        return letter.status_change.commune

    @admin.display(description=_("rule"))
    def rule(self, letter):
        return letter.status_change.rule

    @admin.display(description=_("to"))
    def to_status(self, letter):
        return letter.status_change.get_to_status_display()

    @admin.display(description=_("effective on"), ordering="status_change__effective_on")
    def effective_on(self, letter):
        return letter.status_change.effective_on

    @admin.display(description=_("PDF"))
    def pdf(self, letter):
        if not letter.file:
            return _("rendering…")
        return format_html('<a href="{}">{}</a>', admin_file_url(letter, "file"), _("Download"))


@admin.register(Report)
class ReportAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "language", "status", "progress", "updated_at"]
    list_filter = ["kind", "language", "status"]
    raw_id_fields = ["plan", "assessment", "requested_by"]
    readonly_fields = ["status", "progress", "file", "data_fingerprint", "error"]


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
    # R30: the check runs from the beat task or ``manage.py check_inactivity``, never from a form.

    def has_add_permission(self, request):
        return False

    readonly_fields = [
        "as_of",
        "dry_run",
        "triggered_by",
        "started_at",
        "finished_at",
        "communes_checked",
        "status_changes",
        "letters",
        "counts",
    ]
