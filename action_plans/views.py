"""Commune workspace pages for co-creating a plan: the plan, its strategic vision, meetings, endorsements.

The plan's hub page (commitments, checklist, submission) is ``commitments:plan``: it lists
commitments, which live in the app above this one. Every view checks the user's role on the
server: what they may not see answers 404, what they may see but not change answers 403.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from action_plans import permissions, services
from action_plans.forms import (
    VISION_SECTIONS,
    EndorsementForm,
    MeetingForm,
    PlanCreateForm,
    PlanForm,
    vision_form_class,
)
from action_plans.models import ActionPlan, StrategicVision
from action_plans.selectors import organisations_for
from log_portal.errors import ApplicationError
from log_portal.uploads import StoredFileLink, attachment_response

TOKENS_SESSION_KEY = "workspace_form_tokens"


def _token_done(request) -> bool:
    token = request.POST.get("form_token", "")
    return bool(token) and token in request.session.get(TOKENS_SESSION_KEY, [])


def _mark_done(request) -> None:
    token = request.POST.get("form_token", "")
    if token:
        request.session[TOKENS_SESSION_KEY] = [
            *request.session.get(TOKENS_SESSION_KEY, []),
            token,
        ][-50:]


def _add_error(form, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def home(request):
    """The workspace's entry: the commune dashboards (after log in)."""
    return redirect("commitments:home")


class _PlanFormView(LoginRequiredMixin, View):
    template_name = "workspace/plan_form.html"

    def render(self, form, status=200, **extra):
        context = {"form": form, "form_token": uuid.uuid4().hex, **extra}
        return render(self.request, self.template_name, context, status=status)


class PlanCreateView(_PlanFormView):
    """R13, R20: start a draft plan for the commune, alone or as the coordinator of a joint plan."""

    def load(self, request, commune_pk):
        self.commune = permissions.get_commune_for_user_or_404(request.user, commune_pk)
        if not (
            request.user.is_staff or permissions.is_point_of_contact(request.user, self.commune)
        ):
            raise PermissionDenied

    def get(self, request, commune_pk):
        self.load(request, commune_pk)
        return self.render(PlanCreateForm(commune=self.commune), commune=self.commune)

    def post(self, request, commune_pk):
        self.load(request, commune_pk)
        if _token_done(request):
            return redirect("commitments:dashboard", commune_pk=self.commune.pk)
        form = PlanCreateForm(request.POST, commune=self.commune)
        if form.is_valid():
            data = dict(form.cleaned_data)
            partners = list(data.pop("partners"))
            try:
                plan = services.plan_create(
                    communes=[self.commune, *partners], coordinating_commune=self.commune, **data
                )
            except ApplicationError as error:
                _add_error(form, error)
            else:
                _mark_done(request)
                messages.success(request, _("The draft plan is created."))
                return redirect("commitments:plan", pk=plan.pk)
        return self.render(form, status=400, commune=self.commune)


class PlanEditView(_PlanFormView):
    """R13, R21: the draft plan's title, summary, English versions and period."""

    def load(self, request, pk):
        self.plan = permissions.get_plan_for_user_or_404(request.user, pk)
        if not permissions.can_edit_plan(request.user, self.plan):
            raise PermissionDenied

    def get(self, request, pk):
        self.load(request, pk)
        return self.render(PlanForm(instance=self.plan), plan=self.plan)

    def post(self, request, pk):
        self.load(request, pk)
        if _token_done(request):
            return redirect("commitments:plan", pk=pk)
        form = PlanForm(request.POST, instance=self.plan)
        if form.is_valid():
            try:
                services.plan_edit(plan=self.plan, by=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _add_error(form, error)
            else:
                _mark_done(request)
                messages.success(request, _("The plan is saved."))
                return redirect("commitments:plan", pk=pk)
        return self.render(form, status=400, plan=self.plan)


class DocumentInput(forms.ClearableFileInput):
    """A file input whose "currently" link is the permission-checked download (R24)."""

    def __init__(self, *args, download_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.download_url = download_url

    def format_value(self, value):
        value = super().format_value(value)
        return StoredFileLink(value, self.download_url) if value else value


class VisionView(LoginRequiredMixin, View):
    """R22: the strategic vision in sections, each saved on its own, part-filled if need be."""

    template_name = "workspace/vision.html"

    def load(self, request, pk, section):
        self.plan = permissions.get_plan_for_user_or_404(request.user, pk)
        if section not in VISION_SECTIONS:
            raise Http404
        self.section = section
        self.vision = StrategicVision.objects.filter(plan=self.plan).first() or StrategicVision(
            plan=self.plan
        )
        self.can_edit = permissions.can_edit_plan(request.user, self.plan)

    def render(self, form, status=200):
        keys = list(VISION_SECTIONS)
        index = keys.index(self.section)
        if "documents" in form.fields:
            form.fields["documents"].widget = DocumentInput(
                download_url=reverse("action_plans:vision-document", kwargs={"pk": self.plan.pk})
            )
        context = {
            "plan": self.plan,
            "form": form,
            "section": self.section,
            "section_title": VISION_SECTIONS[self.section][0],
            "sections": [(key, title) for key, (title, _f) in VISION_SECTIONS.items()],
            "next_section": keys[index + 1] if index + 1 < len(keys) else None,
            "can_edit": self.can_edit,
            "saved_at": self.vision.updated_at if self.vision.pk else None,
            "form_token": uuid.uuid4().hex,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk, section="duration"):
        self.load(request, pk, section)
        return self.render(vision_form_class(section)(instance=self.vision))

    def post(self, request, pk, section="duration"):
        self.load(request, pk, section)
        if not self.can_edit:
            raise PermissionDenied
        if _token_done(request):
            return redirect("action_plans:vision-section", pk=pk, section=section)
        form = vision_form_class(section)(request.POST, request.FILES, instance=self.vision)
        if form.is_valid():
            try:
                services.vision_save(plan=self.plan, by=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _add_error(form, error)
            else:
                _mark_done(request)
                messages.success(request, _("This section is saved."))
                if "next" in request.POST and self.render_next():
                    return redirect(
                        "action_plans:vision-section", pk=pk, section=self.render_next()
                    )
                return redirect("action_plans:vision-section", pk=pk, section=section)
        return self.render(form, status=400)

    def render_next(self):
        keys = list(VISION_SECTIONS)
        index = keys.index(self.section)
        return keys[index + 1] if index + 1 < len(keys) else None


class VisionDocumentView(View):
    """R22, R24, R32: the vision's documents as a download only: to the plan's workspace users and
    staff (drafts included), and to anyone once the plan is public (submitted, R32/R44), as the
    API already publishes the vision; any other request answers 404."""

    def get(self, request, pk: int):
        plan = (
            permissions.plans_for_user(request.user).filter(pk=pk).first()
            or ActionPlan.objects.public().filter(pk=pk).first()
        )
        if plan is None:
            raise Http404
        vision = StrategicVision.objects.filter(plan=plan).exclude(documents="").first()
        if vision is None:
            raise Http404
        return attachment_response(vision.documents)


class _PlanChildView(LoginRequiredMixin, View):
    template_name = ""
    form_class = None

    def load(self, request, pk):
        self.plan = permissions.get_plan_for_user_or_404(request.user, pk)
        if not permissions.can_edit_plan(request.user, self.plan):
            raise PermissionDenied
        self.organisations = organisations_for(self.plan.member_communes())

    def render(self, form, status=200):
        context = {"plan": self.plan, "form": form, "form_token": uuid.uuid4().hex}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.load(request, pk)
        return self.render(self.form_class(organisations=self.organisations))

    def post(self, request, pk):
        self.load(request, pk)
        if _token_done(request):
            return redirect("commitments:plan", pk=pk)
        form = self.form_class(request.POST, organisations=self.organisations)
        if form.is_valid():
            try:
                response = self.save(form)
            except ApplicationError as error:
                _add_error(form, error)
            else:
                _mark_done(request)
                return response
        return self.render(form, status=400)


class MeetingCreateView(_PlanChildView):
    """R19: record a meeting with its participants; R28 may reactivate the commune."""

    template_name = "workspace/meeting_form.html"
    form_class = MeetingForm

    def save(self, form):
        data = dict(form.cleaned_data)
        organisations = data.pop("organisations")
        meeting = services.meeting_record(
            plan=self.plan, organisations=organisations, by=self.request.user, **data
        )
        messages.success(self.request, _("The meeting is recorded: add its minutes as evidence."))
        return redirect("commitments:evidence-add", target="meeting", pk=meeting.pk)


class EndorsementCreateView(_PlanChildView):
    """R19: record an endorsement of the plan by a named non-governmental stakeholder."""

    template_name = "workspace/endorsement_form.html"
    form_class = EndorsementForm

    def save(self, form):
        services.endorsement_add(plan=self.plan, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The endorsement is recorded."))
        return redirect("commitments:plan", pk=self.plan.pk)
