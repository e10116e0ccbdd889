from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    CommitmentChange,
    CommitmentStatusChange,
    Evidence,
    Milestone,
    MilestoneUpdate,
    QuarterlyUpdate,
    SentReminder,
)
from commitments.services import check_commitment_cap
from log_portal.admin_files import AdminFileLinksMixin
from log_portal.errors import ApplicationError


class CommitmentAdminForm(forms.ModelForm):
    """Shows the R15 cap when staff add a commitment (R16 and R20 come from the model)."""

    class Meta:
        model = Commitment
        fields = "__all__"  # noqa: DJ007

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is not None and self.instance.pk is None:
            try:
                check_commitment_cap(plan=plan)
            except ApplicationError as error:
                self.add_error(None, error.message)
        return cleaned


class CommitmentActorInline(admin.TabularInline):
    model = CommitmentActor
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = [
        "role",
        "organisation",
        "organisation_name",
        "branch",
        "contact_name",
        "contact_title",
        "email",
    ]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = [
        "position",
        "description",
        "start_month",
        "end_month",
        "responsible_organisation",
        "contact",
        "status",
    ]


class CommitmentStatusChangeInline(admin.TabularInline):
    model = CommitmentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    form = CommitmentAdminForm
    list_display = ["title", "plan", "commune", "status", "start_date", "end_date", "submitted_on"]
    list_filter = ["status", "resources_secured", "plan__coordinating_commune__country"]
    search_fields = ["title", "title_en", "plan__title", "commune__name"]
    list_select_related = ["plan", "commune"]
    raw_id_fields = ["plan"]
    readonly_fields = ["status", "submitted_on", "end_assessment_submitted_on", "version"]
    inlines = [CommitmentActorInline, MilestoneInline, CommitmentStatusChangeInline]


@admin.register(CommitmentActor)
class CommitmentActorAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role", "commitment", "contact_name", "email"]
    list_filter = ["role"]
    search_fields = ["organisation_name", "organisation__name", "contact_name", "commitment__title"]
    list_select_related = ["commitment", "organisation"]
    raw_id_fields = ["commitment"]
    autocomplete_fields = ["organisation"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["__str__", "commitment", "start_month", "end_month", "status"]
    list_filter = ["status"]
    search_fields = ["description", "commitment__title", "responsible_organisation"]
    list_select_related = ["commitment"]
    raw_id_fields = ["commitment"]


class MilestoneUpdateInline(admin.TabularInline):
    model = MilestoneUpdate
    extra = 0
    raw_id_fields = ["milestone"]


@admin.register(QuarterlyUpdate)
class QuarterlyUpdateAdmin(admin.ModelAdmin):
    list_display = ["commitment", "year", "quarter", "status", "completion_level", "submitted_at"]
    list_filter = ["status", "year", "quarter", "completion_level"]
    search_fields = ["commitment__title", "progress"]
    list_select_related = ["commitment"]
    raw_id_fields = ["commitment", "author", "submitted_by"]
    readonly_fields = ["previous_completion_level", "version"]
    inlines = [MilestoneUpdateInline]


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(admin.ModelAdmin):
    list_display = ["milestone", "update", "previous_status", "new_status"]
    list_filter = ["new_status"]
    search_fields = ["milestone__description", "update__commitment__title"]
    list_select_related = ["milestone", "update__commitment"]
    raw_id_fields = ["update", "milestone"]


@admin.register(Evidence)
class EvidenceAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "dated",
        "is_public",
        "content_type",
        "file_size",
        "uploaded_by",
    ]
    list_filter = ["kind", "is_public", "content_type"]
    search_fields = ["title", "description", "url"]
    list_select_related = ["uploaded_by"]
    raw_id_fields = ["commitment", "milestone", "update", "meeting", "plan", "uploaded_by"]
    readonly_fields = ["file_size", "content_type"]
    date_hierarchy = "dated"


@admin.register(CommitmentChange)
class CommitmentChangeAdmin(admin.ModelAdmin):
    list_display = ["commitment", "kind", "decided_on", "recorded_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["commitment__title", "description", "reason"]
    list_select_related = ["commitment", "recorded_by"]
    raw_id_fields = ["commitment", "recorded_by"]
    autocomplete_fields = ["approved_by"]


@admin.register(CommitmentStatusChange)
class CommitmentStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["commitment", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["commitment__title"]
    list_select_related = ["commitment", "changed_by"]
    readonly_fields = ["commitment", "from_status", "to_status", "changed_by", "note"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "update", "status", "created_at", "moderated_by"]
    list_filter = ["status"]
    search_fields = ["author_name", "body"]
    list_select_related = ["update__commitment", "moderated_by"]
    raw_id_fields = ["update", "moderated_by", "replied_by"]
    readonly_fields = ["ip_hash", "moderated_by", "moderated_at"]
    actions = ["approve", "reject"]

    def _moderate(self, request, queryset, status):
        # R25: staff moderation; the commune's own moderation goes through the portal's service.
        now = timezone.now()
        count = queryset.exclude(status=status).update(
            status=status, moderated_by=request.user, moderated_at=now, updated_at=now
        )
        self.message_user(
            request, _("%(count)d comments moderated.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Approve the selected comments"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Reject the selected comments"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.REJECTED)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """R23: the reminder e-mails already sent (read only: the unique row means never twice)."""

    list_display = ["user", "kind", "year", "quarter", "created_at"]
    list_filter = ["kind", "year", "quarter"]
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
