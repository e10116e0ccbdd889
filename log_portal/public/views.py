"""Pages of the public site (R31, R44): server-rendered, light, cached (log_portal/public/caching.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from commitments import services as commitment_services
from log_portal.errors import ApplicationError
from log_portal.public import selectors
from log_portal.public.caching import kept, public_page
from log_portal.public.filters import CommitmentFilter, CommuneFilter
from log_portal.public.forms import CommentForm
from log_portal.uploads import attachment_response

PAGE_SIZE = 25
# The commitment search counts at most this many results (then says "more than").
SEARCH_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most ``cap`` results, plus one to know there are more.

    A common word matches tens of thousands of commitments at DOMAIN.md section C size, and an
    exact count of them cost more than the page itself; nobody pages that far: they refine.
    """

    def __init__(self, *args, cap: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cap = cap or SEARCH_COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        """At most ``cap + 1``: one more than the cap says there are more."""
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE, paginator=Paginator):
    return paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public_page
class HomeView(TemplateView):
    """The programme in numbers and the latest updates."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["numbers"] = kept(self.request, "numbers", selectors.programme_numbers)
        context["updates"] = list(selectors.latest_updates(limit=8))
        context["communes"] = list(
            selectors.public_communes().order_by("-membership_status_since", "name")[:12]
        )
        return context


@public_page(query_keys=[*CommuneFilter.base_filters, "page"])
class CommuneListView(TemplateView):
    """R10: member communes with their status and plan progress, filtered and paginated."""

    template_name = "public/commune_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = CommuneFilter(self.request.GET or None, queryset=selectors.commune_list())
        queryset = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        )
        page = paginate(self.request, queryset.order_by("country", "name"))
        page.object_list = selectors.commune_plans_progress(page.object_list)
        context.update(
            filter=filterset, page=page, querystring=querystring_without_page(self.request)
        )
        return context


@public_page
class CommuneDetailView(TemplateView):
    """R31: the public page of a member."""

    template_name = "public/commune_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commune = get_object_or_404(
            selectors.public_communes().select_related("point_of_contact"), slug=kwargs["slug"]
        )
        context["commune"] = commune
        context.update(selectors.commune_page(commune))
        return context


@public_page
class PlanDetailView(TemplateView):
    """Strategic vision, commitments with progress, meetings, endorsements, monitoring, R19."""

    template_name = "public/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_object_or_404(
            selectors.public_plans()
            .select_related("coordinating_commune", "vision", "monitoring__body")
            .prefetch_related("communes"),
            pk=kwargs["pk"],
        )
        context["plan"] = plan
        context.update(selectors.plan_page(plan))
        return context


@public_page
class CommitmentDetailView(TemplateView):
    """Every R16 field, milestones, updates newest first, evidence, R18 history, comments."""

    template_name = "public/commitment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commitment = get_object_or_404(
            selectors.public_commitments().select_related("commune", "plan__coordinating_commune"),
            pk=kwargs["pk"],
        )
        context["commitment"] = commitment
        context.update(selectors.commitment_page(commitment))
        forms = kwargs.get("forms") or {}
        for update in context["updates"]:
            update.comment_form = forms.get(update.pk) or CommentForm(update_id=update.pk)
        return context


@public_page(query_keys=[*CommitmentFilter.base_filters, "page"])
class CommitmentSearchView(TemplateView):
    """Full-text search (French, English, Portuguese stemming) with filters, paginated."""

    template_name = "public/commitment_search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = selectors.public_commitments().select_related(
            "commune", "plan__coordinating_commune"
        )
        filterset = CommitmentFilter(self.request.GET or None, queryset=queryset)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        page = paginate(
            self.request,
            results.order_by("-start_date", "title", "pk"),
            paginator=CappedPaginator,
        )
        page.object_list = selectors.set_progress(page.object_list)
        context.update(
            filter=filterset, page=page, querystring=querystring_without_page(self.request)
        )
        return context


@method_decorator(require_POST, name="dispatch")
class CommentCreateView(View):
    """R25: an anonymous comment on a published update; shown once moderated."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        update = get_object_or_404(selectors.public_updates().select_related("commitment"), pk=pk)
        form = CommentForm(request.POST, update_id=update.pk)
        target = reverse("public:commitment", args=[update.commitment_id]) + f"#update-{pk}"
        if form.is_bound and form.is_bot:
            # R25: a honeypot answer looks like a success to the bot; nothing is stored.
            messages.success(request, _("Thank you: your comment will be shown once moderated."))
            return HttpResponseRedirect(target)
        if form.is_valid():
            try:
                commitment_services.comment_post(
                    update=update,
                    author_name=form.cleaned_data["author_name"],
                    author_email=form.cleaned_data["author_email"],
                    body=form.cleaned_data["body"],
                    ip=request.META.get("REMOTE_ADDR", ""),
                )
            except ApplicationError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request, _("Thank you: your comment will be shown once moderated.")
                )
                return HttpResponseRedirect(target)
        # Errors next to the fields, what the visitor typed kept, nothing stored.
        page = CommitmentDetailView()
        page.setup(request, pk=update.commitment_id)
        context = page.get_context_data(pk=update.commitment_id, forms={update.pk: form})
        return TemplateResponse(request, page.template_name, context, status=400)


class EvidenceDownloadView(View):
    """R24: public evidence is downloaded, never rendered inline (no HTML or SVG in the page)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        evidence = get_object_or_404(selectors.public_evidence(), pk=pk)
        if evidence.url:
            return redirect(evidence.url)
        if not evidence.file:
            raise Http404
        return attachment_response(evidence.file)
