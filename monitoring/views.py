"""Monitoring workspace (R42): plans a body monitors, assessments with drafts, the commune's
reply (R26), the public assessment page and the staff list of overdue assessments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_countries import countries

from action_plans.models import ActionPlan
from commitments.models import Commitment
from log_portal.errors import ApplicationError
from log_portal.uploads import attachment_response
from monitoring import selectors, services
from monitoring.forms import AssessmentForm, JudgementForm, ReplyForm
from monitoring.models import Assessment, CommitmentAssessment, Report
from monitoring.permissions import (
    can_edit_assessment,
    get_assessment_for_commune_or_404,
    get_assessment_for_user_or_404,
    get_monitored_plan_for_user_or_404,
    get_report_for_user_or_404,
)

PAGE_SIZE = 20


def _add_error(form, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class PlanListView(LoginRequiredMixin, View):
    """R42: the plans the user's bodies monitor, with what is due and when (R26)."""

    def get(self, request):
        page = Paginator(selectors.monitored_plan_list(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        today = timezone.localdate()
        rows = [
            (item, selectors.plan_due_assessments(plan=item.plan, on=today))
            for item in page.object_list
        ]
        return render(request, "monitoring/plan_list.html", {"page": page, "rows": rows})


class PlanDetailView(LoginRequiredMixin, View):
    """R26: one monitored plan and its due assessments; POST opens one (as a draft)."""

    def get(self, request, plan_pk: int):
        monitored = get_monitored_plan_for_user_or_404(request.user, plan_pk)
        due = selectors.plan_due_assessments(plan=monitored.plan, on=timezone.localdate())
        return render(request, "monitoring/plan_detail.html", {"monitored": monitored, "due": due})

    def post(self, request, plan_pk: int):
        monitored = get_monitored_plan_for_user_or_404(request.user, plan_pk)
        kind = request.POST.get("kind", "")
        if kind not in Assessment.Kind.values:
            raise Http404
        commitment = None
        if kind == Assessment.Kind.END_OF_COMMITMENT:
            commitment = get_object_or_404(
                Commitment, pk=request.POST.get("commitment") or 0, plan=monitored.plan
            )
        try:
            assessment = services.assessment_open_or_get(
                plan=monitored.plan, kind=kind, commitment=commitment
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("monitoring:plan-detail", plan_pk=plan_pk)
        return redirect("monitoring:assessment-edit", pk=assessment.pk)


def _judgement_forms(assessment: Assessment, data=None) -> list[tuple[Commitment, JudgementForm]]:
    if assessment.kind != Assessment.Kind.INITIAL:
        return []
    existing = {j.commitment_id: j for j in assessment.commitment_assessments.all()}
    commitments = assessment.plan.commitments.exclude(
        status__in=[Commitment.Status.DRAFT, Commitment.Status.WITHDRAWN]
    ).order_by("start_date", "pk")
    return [
        (
            commitment,
            JudgementForm(
                data,
                prefix=f"c{commitment.pk}",
                instance=existing.get(commitment.pk)
                or CommitmentAssessment(assessment=assessment, commitment=commitment),
            ),
        )
        for commitment in commitments
    ]


class AssessmentEditView(LoginRequiredMixin, View):
    """R26: the body's form; saving keeps a draft (only a draft or reopened one can change)."""

    template_name = "monitoring/assessment_form.html"

    def render(self, request, assessment, form, judgements, status=200):
        context = {
            "assessment": assessment,
            "form": form,
            "judgements": judgements,
            "editable": can_edit_assessment(request.user, assessment),
            "can_submit": services.assessment_can_submit(assessment),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk: int):
        assessment = get_assessment_for_user_or_404(request.user, pk)
        return self.render(
            request, assessment, AssessmentForm(instance=assessment), _judgement_forms(assessment)
        )

    def post(self, request, pk: int):
        assessment = get_assessment_for_user_or_404(request.user, pk)
        form = AssessmentForm(request.POST, instance=assessment)
        judgements = _judgement_forms(assessment, request.POST)
        if not can_edit_assessment(request.user, assessment):
            messages.error(
                request, _("This assessment is no longer a draft: it cannot be changed.")
            )
            return redirect("monitoring:assessment-edit", pk=pk)
        if not (form.is_valid() and all(j.is_valid() for _c, j in judgements)):
            return self.render(request, assessment, form, judgements, status=400)
        try:
            services.assessment_save_draft(
                assessment=Assessment.objects.get(pk=pk),
                data=form.service_data(),
                judgements={c.pk: j.cleaned_data for c, j in judgements},
                by=request.user,
            )
        except ApplicationError as error:
            _add_error(form, error)
            return self.render(request, assessment, form, judgements, status=400)
        messages.success(request, _("Draft saved."))
        return redirect("monitoring:assessment-edit", pk=pk)


class AssessmentShareView(LoginRequiredMixin, View):
    """R26: open the commune's right of reply on the draft."""

    def post(self, request, pk: int):
        assessment = get_assessment_for_user_or_404(request.user, pk)
        try:
            services.assessment_open_reply(assessment=assessment, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The commune may reply until %(date)s.")
                % {"date": assessment.reply_until.isoformat()},
            )
        return redirect("monitoring:assessment-edit", pk=pk)


class AssessmentSubmitView(LoginRequiredMixin, View):
    """R26: submitting locks and publishes the assessment."""

    def post(self, request, pk: int):
        assessment = get_assessment_for_user_or_404(request.user, pk)
        try:
            services.assessment_submit(assessment=assessment, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Assessment submitted and published."))
        return redirect("monitoring:assessment-edit", pk=pk)


class AssessmentReplyView(LoginRequiredMixin, View):
    """R26: the commune's point of contact reads the shared draft and replies."""

    template_name = "monitoring/assessment_reply.html"

    def get(self, request, pk: int):
        assessment = get_assessment_for_commune_or_404(request.user, pk)
        form = ReplyForm(initial={"commune_reply": assessment.commune_reply})
        return render(request, self.template_name, {"assessment": assessment, "form": form})

    def post(self, request, pk: int):
        assessment = get_assessment_for_commune_or_404(request.user, pk)
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_reply(
                    assessment=assessment, reply=form.cleaned_data["commune_reply"], by=request.user
                )
            except ApplicationError as error:
                _add_error(form, error)
            else:
                messages.success(
                    request, _("Your reply is saved; it is published beside the assessment.")
                )
                return redirect("monitoring:assessment-reply", pk=pk)
        return render(
            request, self.template_name, {"assessment": assessment, "form": form}, status=400
        )


class AssessmentPublicView(View):
    """R26: a submitted assessment, with the commune's reply beside it, for everyone."""

    def get(self, request, pk: int):
        assessment = get_object_or_404(
            Assessment.objects.select_related("plan", "commitment", "body").prefetch_related(
                "commitment_assessments__commitment"
            ),
            pk=pk,
            status=Assessment.Status.SUBMITTED,
        )
        return render(request, "monitoring/assessment_detail.html", {"assessment": assessment})


class OverdueListView(LoginRequiredMixin, View):
    """R26: overdue assessments, for staff (404 for anyone else)."""

    def get(self, request):
        if not request.user.is_staff:
            raise Http404
        page = Paginator(
            selectors.overdue_assessment_list(on=timezone.localdate()), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        return render(request, "monitoring/overdue_list.html", {"page": page})


# --- Reports ----------------------------------------------------------------------------------


def _language(request) -> str:
    language = request.POST.get("language", "")
    if language not in Report.Language.values:
        raise Http404
    return language


class PlanReportRequestView(View):
    """The plan progress report of a submitted plan (public): queue it or reuse it."""

    def post(self, request, plan_pk: int):
        plan = get_object_or_404(ActionPlan, pk=plan_pk, status__in=ActionPlan.SUBMITTED_STATUSES)
        report = services.report_request(
            kind=Report.Kind.PLAN_PROGRESS,
            language=_language(request),
            plan=plan,
            by=request.user if request.user.is_authenticated else None,
        )
        return redirect("monitoring:report-detail", pk=report.pk)


class AssessmentReportRequestView(View):
    """The report of a submitted assessment (public)."""

    def post(self, request, pk: int):
        assessment = get_object_or_404(Assessment, pk=pk, status=Assessment.Status.SUBMITTED)
        report = services.report_request(
            kind=Report.Kind.ASSESSMENT,
            language=_language(request),
            assessment=assessment,
            by=request.user if request.user.is_authenticated else None,
        )
        return redirect("monitoring:report-detail", pk=report.pk)


class ProgrammeReportView(LoginRequiredMixin, View):
    """The programme report, per country and commune, for staff (and donors through staff)."""

    def get(self, request):
        if not request.user.is_staff:
            raise Http404
        return render(request, "monitoring/programme_report.html", {"countries": countries})

    def post(self, request):
        if not request.user.is_staff:
            raise Http404
        country = request.POST.get("country", "")
        if country and country not in dict(countries):
            raise Http404
        report = services.report_request(
            kind=Report.Kind.PROGRAMME,
            language=_language(request),
            country=country,
            by=request.user,
        )
        return redirect("monitoring:report-detail", pk=report.pk)


class ReportDetailView(View):
    """A report's progress while it renders (the page refreshes itself), then its download."""

    def get(self, request, pk: int):
        report = get_report_for_user_or_404(request.user, pk)
        return render(request, "monitoring/report_detail.html", {"report": report})


class ReportDownloadView(View):
    """The PDF, as a download."""

    def get(self, request, pk: int):
        report = get_report_for_user_or_404(request.user, pk)
        if report.status != Report.Status.DONE or not report.file:
            raise Http404
        return attachment_response(report.file, content_type="application/pdf")
