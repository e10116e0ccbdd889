"""Staff screens (R40) for cohorts, calls, communes, their membership and their applications."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes import services
from communes.models import (
    Call,
    Cohort,
    Commune,
    CommuneApplication,
    CommuneApplicationTransition,
    MembershipGrant,
    MembershipStatusChange,
    Organisation,
    Videoconference,
)
from log_portal.admin_files import AdminFileLinksMixin
from log_portal.errors import ApplicationError


class ReadOnlyInline(admin.TabularInline):
    """An audit trail: shown, never edited by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def invite_action(invite, name: str, label):
    """R5, R6: an action that asks staff for the message, then invites each row by e-mail.

    ``invite`` is the service (``*_invite(application=, by=, message=)``); refused rows get a
    message and nothing is sent to them.
    """

    def action(modeladmin, request, queryset):
        applications = list(queryset)
        message = request.POST.get("message", "").strip()
        if "apply" in request.POST and message:
            done = 0
            for application in applications:
                try:
                    invite(application=application, by=request.user, message=message)
                    done += 1
                except ApplicationError as exc:
                    modeladmin.message_user(
                        request, f"{application}: {exc.message}", messages.WARNING
                    )
            if done:
                modeladmin.message_user(
                    request, gettext("%(count)d invitation(s) sent.") % {"count": done}
                )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": label,
            "opts": modeladmin.model._meta,
            "applications": applications,
            "action_name": name,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/communes/invite.html", context)

    action.__name__ = name
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "budget_amount", "budget_currency"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "cohort", "opens_at", "closes_at", "mission_start"]
    list_filter = ["kind", "cohort"]
    list_select_related = ["cohort"]
    search_fields = ["title"]
    date_hierarchy = "opens_at"


# --- Communes and membership (R10-R12) ------------------------------------------------------------


class MembershipStatusChangeInline(ReadOnlyInline):
    model = MembershipStatusChange
    fields = ["effective_on", "from_status", "to_status", "rule", "reason", "changed_by"]
    readonly_fields = fields


class MembershipGrantInline(ReadOnlyInline):
    model = MembershipGrant
    fields = ["kind", "starts_on", "ends_on", "new_deadline", "reason", "granted_by"]
    readonly_fields = fields


class CommuneAdminForm(forms.ModelForm):
    """R10: a status changed here is recorded in the history with the reason staff give."""

    status_change_reason = forms.CharField(
        label=_("Reason for the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change the membership status; shown in the public history."),
    )

    def clean(self):
        cleaned = super().clean()
        status_changed = "membership_status" in self.changed_data
        if status_changed and not cleaned.get("status_change_reason", "").strip():
            self.add_error("status_change_reason", _("Give the reason for the status change."))
        if status_changed:
            allowed = Commune.MEMBERSHIP_TRANSITIONS.get(self.initial["membership_status"], set())
            if cleaned.get("membership_status") not in allowed:
                self.add_error(
                    "membership_status", _("A membership cannot go from this status to that one.")
                )
        return cleaned


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    form = CommuneAdminForm
    list_display = [
        "name",
        "country",
        "membership_status",
        "membership_status_since",
        "point_of_contact",
        "first_plan_deadline",
    ]
    list_filter = ["membership_status", "country"]
    list_select_related = ["point_of_contact"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["point_of_contact"]
    readonly_fields = ["membership_status_since"]
    inlines = [MembershipStatusChangeInline, MembershipGrantInline]

    def save_model(self, request, obj, form, change):
        """R10: a status change goes through the service so the history row is written."""
        if "membership_status" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        new_status = obj.membership_status
        obj.membership_status = form.initial.get(
            "membership_status", Commune.MembershipStatus.NOT_MEMBER
        )
        super().save_model(request, obj, form, change)
        services.membership_status_change(
            commune=obj,
            to_status=new_status,
            on=timezone.localdate(),
            rule="staff",
            reason=form.cleaned_data["status_change_reason"],
            by=request.user,
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "commune"]
    list_filter = ["kind", "country"]
    list_select_related = ["commune"]
    search_fields = ["name", "contact_name"]
    autocomplete_fields = ["commune"]


@admin.register(MembershipStatusChange)
class MembershipStatusChangeAdmin(admin.ModelAdmin):
    """R10: the history is written by services only."""

    list_display = ["commune", "effective_on", "from_status", "to_status", "rule", "changed_by"]
    list_filter = ["to_status", "rule"]
    list_select_related = ["commune", "changed_by"]
    search_fields = ["commune__name", "reason"]
    date_hierarchy = "effective_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MembershipGrantAdminForm(forms.ModelForm):
    def _post_clean(self):
        # Once the model is validated, apply the rules that span rows (R27) to a new grant.
        super()._post_clean()
        if self.instance.pk is None and not self.errors:
            try:
                services.membership_grant_check(grant=self.instance)
            except ApplicationError as exc:
                self.add_error(None, exc.as_validation_error())


@admin.register(MembershipGrant)
class MembershipGrantAdmin(admin.ModelAdmin):
    form = MembershipGrantAdminForm
    list_display = ["commune", "kind", "starts_on", "ends_on", "new_deadline", "granted_by"]
    list_filter = ["kind"]
    list_select_related = ["commune", "granted_by"]
    search_fields = ["commune__name", "reason"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["granted_by"]

    def get_readonly_fields(self, request, obj=None):
        # A grant is a record: once given, only its reason may be corrected.
        if obj is not None:
            return ["commune", "kind", "starts_on", "ends_on", "new_deadline", "granted_by"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        """R27: a new grant goes through the service (an extension moves the deadline)."""
        if change:
            super().save_model(request, obj, form, change)
            return
        grant = services.membership_grant_create(
            commune=obj.commune,
            kind=obj.kind,
            reason=obj.reason,
            by=request.user,
            starts_on=obj.starts_on,
            ends_on=obj.ends_on,
            new_deadline=obj.new_deadline,
        )
        obj.pk = grant.pk
        obj.granted_by = grant.granted_by


# --- Commune applications (R3, R6) ----------------------------------------------------------------


class CommuneApplicationTransitionInline(ReadOnlyInline):
    model = CommuneApplicationTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


class VideoconferenceInline(admin.StackedInline):
    model = Videoconference
    extra = 0


def _transition_action(to_status: str, label):
    def action(modeladmin, request, queryset):
        done = 0
        for application in queryset:
            try:
                services.commune_application_transition(
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


@admin.action(description=_("Check completeness (submitted applications)"))
def screen_applications(modeladmin, request, queryset):
    for application in queryset.filter(status=CommuneApplication.Status.SUBMITTED):
        services.commune_application_screen(application=application, by=request.user)


@admin.register(CommuneApplication)
class CommuneApplicationAdmin(AdminFileLinksMixin, admin.ModelAdmin):
    list_display = [
        "commune_name",
        "country",
        "call",
        "status",
        "receipt_number",
        "created_at",
    ]
    list_filter = ["status", "call", "country"]
    list_select_related = ["call"]
    search_fields = ["commune_name", "receipt_number", "contact_name", "contact_email"]
    readonly_fields = ["receipt_number", "status", "created_at", "invited_at", "erased_at"]
    autocomplete_fields = ["commune"]
    inlines = [VideoconferenceInline, CommuneApplicationTransitionInline]
    actions = [
        screen_applications,
        _transition_action(CommuneApplication.Status.PRESELECTED, _("Preselect")),
        invite_action(
            services.commune_application_invite,
            "invite_to_videoconference",
            _("Invite to the videoconference (e-mail)"),
        ),
        _transition_action(
            CommuneApplication.Status.VIDEOCONFERENCE_HELD, _("Mark videoconference held")
        ),
        _transition_action(CommuneApplication.Status.SELECTED, _("Select")),
        _transition_action(CommuneApplication.Status.NOT_SELECTED, _("Do not select")),
    ]


@admin.register(Videoconference)
class VideoconferenceAdmin(admin.ModelAdmin):
    list_display = ["application", "held_on", "recommendation"]
    list_filter = ["recommendation"]
    list_select_related = ["application"]
    search_fields = ["application__commune_name"]
    autocomplete_fields = ["application"]
