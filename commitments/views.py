"""Commune workspace pages: dashboard, quarterly update (R23, R24), plan hub, comments (R25).

Every view checks the user's role on the server (``permissions.py``): what they may not see
answers 404. Forms work without JavaScript; a form token makes a browser retry of the same POST
harmless; the ``version`` fields refuse a stale save and keep the input.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from action_plans import permissions as plan_permissions
from action_plans.selectors import organisations_for
from commitments import permissions, selectors, services
from commitments.forms import (
    ActorFormSet,
    ChangeForm,
    CommentReplyForm,
    CommitmentForm,
    EvidenceForm,
    MilestoneFormSet,
    UpdateForm,
)
from commitments.models import Commitment, QuarterlyUpdate
from log_portal.errors import ApplicationError
from log_portal.quarters import Quarter
from log_portal.uploads import attachment_response

TOKENS_SESSION_KEY = "workspace_form_tokens"
TOKENS_KEPT = 50


def new_form_token() -> str:
    return uuid.uuid4().hex


def token_already_done(request, token: str) -> bool:
    """A browser retry of a POST that already succeeded (unstable connection)."""
    return bool(token) and token in request.session.get(TOKENS_SESSION_KEY, [])


def mark_token_done(request, token: str) -> None:
    if not token:
        return
    tokens = [*request.session.get(TOKENS_SESSION_KEY, []), token][-TOKENS_KEPT:]
    request.session[TOKENS_SESSION_KEY] = tokens


# -- dashboard ----------------------------------------------------------------------------------


class WorkspaceHomeView(LoginRequiredMixin, TemplateView):
    """R41, R43: the communes the user works for; straight to the dashboard when there is one."""

    template_name = "workspace/home.html"

    def get(self, request, *args, **kwargs):
        communes = list(plan_permissions.workspace_communes(request.user)[:51])
        if len(communes) == 1:
            return redirect("commitments:dashboard", commune_pk=communes[0].pk)
        if not communes and not request.user.is_staff:
            # Not a point of contact nor a volunteer: a monitoring member's workspace (by its
            # URL name: this app never imports monitoring), else the public site.
            if request.user.monitoring_bodies.exists():
                try:
                    return redirect(reverse("monitoring:plan-list"))
                except NoReverseMatch:
                    pass
            return redirect("public:home")
        return self.render_to_response({"communes": communes[:50]})


class DashboardView(LoginRequiredMixin, TemplateView):
    """R23, R25, R41: plan status, updates due and by when, overdue items, comments awaiting a reply."""

    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        commune = plan_permissions.get_commune_for_user_or_404(user, kwargs["commune_pk"])
        today = timezone.localdate()
        plans = plan_permissions.plans_for_user(user).filter(communes=commune).distinct()
        context.update(
            commune=commune,
            today=today,
            plans=list(plans.select_related("coordinating_commune").order_by("-start_date")),
            due=selectors.updates_due(commune, on=today),
            missed=selectors.missed_updates(commune, on=today),
            comments=list(selectors.comments_awaiting_reply(commune)[:5]),
            is_point_of_contact=plan_permissions.is_point_of_contact(user, commune),
        )
        return context


# -- quarterly update (R23, R24) ----------------------------------------------------------------


class QuarterUpdateView(LoginRequiredMixin, View):
    """R23: one form for the quarter covering each open commitment; save a draft or submit."""

    template_name = "workspace/quarter_update.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.today = timezone.localdate()

    def load(self):
        user = self.request.user
        self.commune = plan_permissions.get_commune_for_user_or_404(user, self.kwargs["commune_pk"])
        try:
            self.quarter = Quarter(self.kwargs["year"], self.kwargs["quarter"])
        except ValueError as error:
            raise Http404 from error
        # The plan's communes are prefetched and the roles checked once per commune (or joint
        # plan) concerned, not once per commitment: the page's queries do not grow with the plan.
        verdicts: dict[tuple[str, int], bool] = {}
        commitments = []
        for c in selectors.updatable_commitments(self.commune).prefetch_related(
            "milestones", "plan__communes"
        ):
            key = ("commune", c.commune_id) if c.commune_id else ("plan", c.plan_id)
            if key not in verdicts:
                verdicts[key] = permissions.can_file_update(user, c)
            if verdicts[key]:
                commitments.append(c)
        updates = {
            u.commitment_id: u
            for u in QuarterlyUpdate.objects.filter(
                commitment__in=commitments, year=self.quarter.year, quarter=self.quarter.number
            ).prefetch_related("milestone_updates", "evidence")
        }
        self.blocks = [{"commitment": c, "update": updates.get(c.pk)} for c in commitments]
        try:
            services.update_window_check(
                year=self.quarter.year, quarter=self.quarter.number, on=self.today
            )
            self.window_error = ""
        except ApplicationError as error:
            self.window_error = error.message
        self.can_submit = any(
            permissions.can_submit_update(user, b["commitment"]) for b in self.blocks
        )

    def build_forms(self, data=None, files=None):
        for block in self.blocks:
            commitment, update = block["commitment"], block["update"]
            milestones = list(commitment.milestones.all())
            block["milestones"] = milestones
            if update is not None and update.status == QuarterlyUpdate.Status.SUBMITTED:
                block["form"] = block["evidence_form"] = None
                continue
            initial = {"version": 0}
            reported = {}
            if update is not None:
                initial.update(
                    version=update.version,
                    progress=update.progress,
                    delay_reasons=update.delay_reasons,
                    next_steps=update.next_steps,
                    completion_level=update.completion_level,
                )
                reported = {mu.milestone_id: mu.new_status for mu in update.milestone_updates.all()}
            for milestone in milestones:
                initial[f"milestone_{milestone.pk}"] = reported.get(milestone.pk, milestone.status)
            prefix = f"c{commitment.pk}"
            block["form"] = UpdateForm(
                data, commitment=commitment, milestones=milestones, initial=initial, prefix=prefix
            )
            block["evidence_form"] = EvidenceForm(
                data, files, prefix=f"e{commitment.pk}", initial={"dated": self.today}
            )

    def render(self, status=200):
        context = {
            "commune": self.commune,
            "quarter": self.quarter,
            "blocks": self.blocks,
            "window_error": self.window_error,
            "can_submit": self.can_submit,
            "form_token": new_form_token(),
            "deadline": self.quarter.grace_end(settings.UPDATE_GRACE_DAYS),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.load()
        self.build_forms()
        return self.render()

    def post(self, request, *args, **kwargs):
        self.load()
        url = request.get_full_path()
        token = request.POST.get("form_token", "")
        if token_already_done(request, token):
            messages.info(request, _("This form was already saved."))
            return HttpResponseRedirect(url)
        submit = "submit" in request.POST
        if submit and not self.can_submit:
            raise PermissionDenied
        if self.window_error:
            messages.error(request, self.window_error)
            self.build_forms()
            return self.render(status=400)
        data = request.POST.copy()
        self.build_forms(data, request.FILES)
        failed = False
        saved = submitted = 0
        for block in self.blocks:
            form, evidence_form = block["form"], block["evidence_form"]
            if form is None:
                continue
            if not form.is_valid():
                failed = True
                continue
            evidence_ok = evidence_form.is_valid()
            if (
                block["update"] is None
                and form.is_blank()
                and evidence_ok
                and not evidence_form.has_evidence()
            ):
                continue  # untouched: no empty draft, nothing to submit
            block["update"] = update = self.save_block(block, form)
            if update is None:
                failed = True
                continue
            saved += 1
            data[f"{form.prefix}-version"] = str(update.version)
            if evidence_ok and evidence_form.has_evidence():
                evidence_ok = self.add_evidence(update, evidence_form)
            if not evidence_ok:
                failed = True
                continue
            if submit and permissions.can_submit_update(request.user, block["commitment"]):
                try:
                    update = services.update_submit(
                        update=update, by=request.user, expected_version=update.version
                    )
                except ApplicationError as error:
                    form.add_error(None, error.message)
                    failed = True
                    continue
                block["update"] = update
                submitted += 1
        if not failed and not saved:
            messages.warning(request, _("Nothing to save: fill in at least one commitment."))
            return HttpResponseRedirect(url)
        if failed:
            messages.error(
                request,
                _(
                    "Some parts could not be saved: see the messages next to the fields. "
                    "Everything else is saved; your text is kept."
                ),
            )
            for block in self.blocks:
                update = block["update"]
                if update is not None and update.status == QuarterlyUpdate.Status.SUBMITTED:
                    block["form"] = block["evidence_form"] = None  # published in this POST
            return self.render(status=400)
        mark_token_done(request, token)
        if submit:
            messages.success(request, _("The update is submitted and published."))
        else:
            messages.success(
                request,
                _("Draft saved at %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")},
            )
        return HttpResponseRedirect(url)

    def save_block(self, block, form) -> QuarterlyUpdate | None:
        try:
            return services.update_save_draft(
                commitment=block["commitment"],
                year=self.quarter.year,
                quarter=self.quarter.number,
                progress=form.cleaned_data["progress"],
                delay_reasons=form.cleaned_data["delay_reasons"],
                next_steps=form.cleaned_data["next_steps"],
                completion_level=form.cleaned_data["completion_level"],
                milestone_statuses=form.milestone_statuses(),
                by=self.request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            field = error.field if error.field in form.fields and error.field != "version" else None
            form.add_error(field, error.message)
            return None

    def add_evidence(self, update, evidence_form) -> bool:
        cleaned = evidence_form.cleaned_data
        try:
            services.evidence_add(
                target=update,
                file=cleaned.get("file"),
                url=cleaned.get("url") or "",
                kind=cleaned["kind"],
                title=cleaned["title"],
                dated=cleaned["dated"],
                is_public=cleaned["is_public"],
                by=self.request.user,
            )
        except ApplicationError as error:
            field = error.field if error.field in evidence_form.fields else None
            evidence_form.add_error(field, error.message)
            return False
        return True


# -- plan hub and plan submission (R13, R15, R16, R19, R21) ------------------------------------


class PlanDetailView(LoginRequiredMixin, TemplateView):
    """R19-R22: a plan in the workspace: its status, checklist, commitments, meetings, endorsements."""

    template_name = "workspace/plan_detail.html"

    def get_context_data(self, **kwargs):
        from action_plans.rules import co_creation_requirements

        context = super().get_context_data(**kwargs)
        user = self.request.user
        plan = plan_permissions.get_plan_for_user_or_404(user, kwargs["pk"])
        context.update(
            plan=plan,
            communes=plan.member_communes(),
            commitments=list(
                plan.commitments.select_related("commune").prefetch_related(
                    "milestones", "evidence"
                )
            ),
            meetings=list(plan.meetings.prefetch_related("organisations", "evidence")),
            endorsements=list(plan.endorsements.select_related("organisation")),
            checklist=co_creation_requirements(plan),
            problems=services.plan_submission_problems(plan)
            if plan.status == plan.Status.DRAFT
            else [],
            can_edit=plan_permissions.can_edit_plan(user, plan),
            can_submit=plan_permissions.can_submit_plan(user, plan),
            form_token=new_form_token(),
        )
        return context


class PlanSubmitView(LoginRequiredMixin, View):
    """R13, R15, R16, R19, R21: submit the plan, or list every reason it is refused."""

    def post(self, request, pk):
        plan = plan_permissions.get_plan_for_user_or_404(request.user, pk)
        if not plan_permissions.can_submit_plan(request.user, plan):
            raise PermissionDenied
        url = reverse("commitments:plan", kwargs={"pk": plan.pk})
        token = request.POST.get("form_token", "")
        if token_already_done(request, token):
            return HttpResponseRedirect(url)
        try:
            services.plan_submit(plan=plan, by=request.user)
        except services.PlanSubmissionRefused as error:
            messages.error(request, _("The plan cannot be submitted yet: see the list below."))
            for reason in error.reasons:
                messages.error(request, reason)
            return HttpResponseRedirect(url)
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(url)
        mark_token_done(request, token)
        messages.success(request, _("The plan is submitted to OGP."))
        return HttpResponseRedirect(url)


# -- commitments (R16, R17, R18) ----------------------------------------------------------------


class CommitmentEditView(LoginRequiredMixin, View):
    """R16, R17: a draft commitment with its actors and milestones, in one form (inline formsets)."""

    template_name = "workspace/commitment_form.html"

    def load(self, request, **kwargs):
        if "pk" in kwargs:
            self.commitment = permissions.get_commitment_for_user_or_404(request.user, kwargs["pk"])
            self.plan = self.commitment.plan
            if not permissions.can_edit_commitment(request.user, self.commitment):
                raise PermissionDenied
        else:
            self.plan = plan_permissions.get_plan_for_user_or_404(request.user, kwargs["plan_pk"])
            if not plan_permissions.can_edit_plan(request.user, self.plan):
                raise PermissionDenied
            self.commitment = Commitment(plan=self.plan)
        if self.commitment.status != Commitment.Status.DRAFT:
            messages.error(
                request,
                _(
                    "A submitted commitment changes only through a change record (R18), "
                    "within 6 months of its submission."
                ),
            )
            return redirect("commitments:change", pk=self.commitment.pk)
        return None

    def forms(self, data=None, files=None):
        form = CommitmentForm(data, instance=self.commitment, plan=self.plan, prefix="c")
        actors = ActorFormSet(data, instance=self.commitment, prefix="actors")
        milestones = MilestoneFormSet(data, instance=self.commitment, prefix="milestones")
        return form, actors, milestones

    def render(self, form, actors, milestones, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "plan": self.plan,
                "commitment": self.commitment,
                "form": form,
                "actors": actors,
                "milestones": milestones,
                "form_token": new_form_token(),
            },
            status=status,
        )

    def get(self, request, **kwargs):
        response = self.load(request, **kwargs)
        if response:
            return response
        return self.render(*self.forms())

    def post(self, request, **kwargs):
        response = self.load(request, **kwargs)
        if response:
            return response
        token = request.POST.get("form_token", "")
        if token_already_done(request, token):
            return redirect("commitments:plan", pk=self.plan.pk)
        form, actors, milestones = self.forms(request.POST, request.FILES)
        if not (form.is_valid() and actors.is_valid() and milestones.is_valid()):
            return self.render(form, actors, milestones, status=400)
        try:
            commitment = services.commitment_save(
                plan=self.plan,
                commitment=self.commitment if self.commitment.pk else None,
                data={k: v for k, v in form.cleaned_data.items() if k != "version"},
                actors=actors,
                milestones=milestones,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ApplicationError as error:
            field = error.field if error.field in form.fields and error.field != "version" else None
            form.add_error(field, error.message)
            return self.render(form, actors, milestones, status=400)
        mark_token_done(request, token)
        messages.success(request, _("The commitment is saved."))
        return redirect("commitments:edit", pk=commitment.pk)


class ChangeRecordView(LoginRequiredMixin, View):
    """R18: record a change of a submitted commitment within 6 months; the history is kept."""

    template_name = "workspace/change_form.html"

    def load(self, request, pk):
        self.commitment = permissions.get_commitment_for_user_or_404(request.user, pk)
        self.can_edit = permissions.can_edit_commitment(request.user, self.commitment)
        self.organisations = organisations_for(self.commitment.plan.member_communes())

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "commitment": self.commitment,
                "form": form,
                "can_edit": self.can_edit,
                "changes": list(
                    self.commitment.changes.prefetch_related("approved_by").select_related(
                        "recorded_by"
                    )
                ),
                "deadline": self.commitment.change_deadline(),
                "form_token": new_form_token(),
            },
            status=status,
        )

    def get(self, request, pk):
        self.load(request, pk)
        return self.render(ChangeForm(organisations=self.organisations))

    def post(self, request, pk):
        self.load(request, pk)
        if not self.can_edit:
            raise PermissionDenied
        token = request.POST.get("form_token", "")
        if token_already_done(request, token):
            return redirect("commitments:change", pk=pk)
        form = ChangeForm(request.POST, organisations=self.organisations)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.commitment_change_record(
                commitment=self.commitment,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                reason=form.cleaned_data["reason"],
                how_decided=form.cleaned_data["how_decided"],
                approved_by=form.cleaned_data["approved_by"],
                decided_on=form.cleaned_data["decided_on"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render(form, status=400)
        mark_token_done(request, token)
        messages.success(request, _("The change is recorded."))
        return redirect("commitments:change", pk=pk)


# -- evidence (R24) -----------------------------------------------------------------------------


class EvidenceCreateView(LoginRequiredMixin, View):
    """R24: add a file or a link to a meeting (its minutes), a plan, a commitment or a milestone."""

    template_name = "workspace/evidence_form.html"

    def load(self, request, target, pk):
        from action_plans.models import CoCreationMeeting

        user = request.user
        if target in ("meeting", "plan"):
            if target == "meeting":
                meeting = CoCreationMeeting.objects.filter(
                    pk=pk, plan__in=plan_permissions.plans_for_user(user)
                ).first()
                if meeting is None:
                    raise Http404
                self.target, self.plan = meeting, meeting.plan
            else:
                self.plan = self.target = plan_permissions.get_plan_for_user_or_404(user, pk)
            self.back = reverse("commitments:plan", kwargs={"pk": self.plan.pk})
        elif target in ("commitment", "milestone"):
            if target == "commitment":
                commitment = permissions.get_commitment_for_user_or_404(user, pk)
                self.target = commitment
            else:
                from commitments.models import Milestone

                milestone = (
                    Milestone.objects.filter(
                        pk=pk, commitment__in=permissions.commitments_for_user(user)
                    )
                    .select_related("commitment__plan")
                    .first()
                )
                if milestone is None:
                    raise Http404
                self.target, commitment = milestone, milestone.commitment
            if not permissions.can_file_update(user, commitment):
                raise PermissionDenied
            self.plan = commitment.plan
            self.back = reverse("commitments:plan", kwargs={"pk": self.plan.pk})
        else:
            raise Http404

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "target": self.target,
                "plan": self.plan,
                "form": form,
                "back": self.back,
                "form_token": new_form_token(),
            },
            status=status,
        )

    def get(self, request, target, pk):
        self.load(request, target, pk)
        return self.render(EvidenceForm(initial={"dated": timezone.localdate()}))

    def post(self, request, target, pk):
        self.load(request, target, pk)
        token = request.POST.get("form_token", "")
        if token_already_done(request, token):
            return HttpResponseRedirect(self.back)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid() and not form.has_evidence():
            form.add_error("file", _("Choose a file or give a link."))
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.evidence_add(
                    target=self.target,
                    file=cleaned.get("file"),
                    url=cleaned.get("url") or "",
                    kind=cleaned["kind"],
                    title=cleaned["title"],
                    dated=cleaned["dated"],
                    is_public=cleaned["is_public"],
                    by=request.user,
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                mark_token_done(request, token)
                messages.success(request, _("The evidence is added."))
                return HttpResponseRedirect(self.back)
        return self.render(form, status=400)


@method_decorator(never_cache, name="dispatch")
class EvidenceFileView(LoginRequiredMixin, View):
    """R24: the file of one piece of evidence (restricted too) for the workspace users of its
    commitment or plan, as a download only; anyone else gets 404, like a missing one."""

    def get(self, request, pk):
        evidence = (
            permissions.evidence_for_user(request.user).filter(pk=pk).exclude(file="").first()
        )
        if evidence is None:
            raise Http404
        try:
            return attachment_response(
                evidence.file, content_type=evidence.content_type or "application/octet-stream"
            )
        except FileNotFoundError as error:
            raise Http404 from error


# -- comments (R25) -----------------------------------------------------------------------------


class CommentListView(LoginRequiredMixin, TemplateView):
    """R25: comments on the commune's updates, to moderate and answer (point of contact, staff)."""

    template_name = "workspace/comments.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.page_context(
                self.request, kwargs["commune_pk"], page_number=self.request.GET.get("page")
            )
        )
        return context

    @classmethod
    def page_context(
        cls, request, commune_pk, *, page_number, refused: CommentReplyForm | None = None
    ) -> dict:
        """R25: one page of the commune's comments, each with its reply form; ``refused`` is a
        reply that was refused, shown instead of the empty form of its comment."""
        from django.core.paginator import Paginator

        commune = plan_permissions.get_commune_for_user_or_404(request.user, commune_pk)
        if not (
            request.user.is_staff or plan_permissions.is_point_of_contact(request.user, commune)
        ):
            raise Http404
        comments = (
            permissions.moderated_comments_for_user(request.user)
            .filter(pk__in=selectors.comments_for_commune(commune).values("pk"))
            .select_related("update__commitment")
            .order_by("-created_at")
        )
        page = Paginator(comments, cls.paginate_by).get_page(page_number)
        forms = []
        for comment in page.object_list:
            prefix = f"r{comment.pk}"
            forms.append(
                (
                    comment,
                    refused
                    if refused and refused.prefix == prefix
                    else CommentReplyForm(prefix=prefix),
                )
            )
        return {"commune": commune, "page_obj": page, "comments": forms}


class CommentModerateView(LoginRequiredMixin, View):
    """R25: approve, reject or reply to one comment; a forged POST on another commune's comment is a 404."""

    def get(self, request, pk):
        """Back to the comments page (e.g. the language switch of a page showing a refused reply)."""
        comment = permissions.get_comment_for_user_or_404(request.user, pk)
        commune_pk = comment.update.commitment.commune_id
        if commune_pk is None:  # a joint commitment's comment: listed under each commune
            return redirect("commitments:home")
        return redirect("commitments:comments", commune_pk=commune_pk)

    def post(self, request, pk):
        comment = permissions.get_comment_for_user_or_404(request.user, pk)
        action = request.POST.get("action")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("commitments:home")
        if action == "reply":
            return self.reply(request, comment, back)
        try:
            with transaction.atomic():
                if action == "approve":
                    services.comment_approve(comment=comment, by=request.user)
                    messages.success(request, _("The comment is approved and shown."))
                elif action == "reject":
                    services.comment_reject(comment=comment, by=request.user)
                    messages.success(request, _("The comment is rejected and hidden."))
                else:
                    raise Http404
        except ApplicationError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(back)

    def reply(self, request, comment, back: str):
        """R25: a published reply goes back to the page; a refused one shows that page again
        with the error beside the comment's reply field and the typed text, nothing saved."""
        form = CommentReplyForm(request.POST, prefix=f"r{comment.pk}")
        if form.is_valid():
            try:
                services.comment_reply(
                    comment=comment, reply=form.cleaned_data["reply"], by=request.user
                )
            except ApplicationError as error:
                if error.field not in form.fields:  # e.g. a rejected comment: not the text
                    messages.error(request, error.message)
                    return HttpResponseRedirect(back)
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Your reply is published."))
                return HttpResponseRedirect(back)
        page = self.comments_page(request, back, form)
        if page is None:  # not sent from a comments page that shows this comment
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return HttpResponseRedirect(back)
        return render(request, "workspace/comments.html", page, status=400)

    @staticmethod
    def comments_page(request, back: str, refused: CommentReplyForm) -> dict | None:
        """The context of the comments page ``back`` points to, if it shows the refused reply."""
        from urllib.parse import parse_qs, urlsplit

        from django.urls import Resolver404, resolve

        url = urlsplit(back)
        try:
            match = resolve(url.path)
        except Resolver404:
            return None
        if match.view_name != "commitments:comments":
            return None
        page_number = parse_qs(url.query).get("page", [None])[0]
        context = CommentListView.page_context(
            request, match.kwargs["commune_pk"], page_number=page_number, refused=refused
        )
        if not any(form is refused for _comment, form in context["comments"]):
            return None
        return {**context, "back": back}
