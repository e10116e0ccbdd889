"""Public call pages and the commune application form (R2, R3, R45)."""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView

from communes import selectors, services
from communes.forms import CommuneApplicationForm
from communes.models import Call
from communes.spam import rate_limit_exceeded
from log_portal.errors import ApplicationError

RECEIPT_SESSION_KEY = "application_receipt"


class CallListView(TemplateView):
    """R2: the open calls of each cohort, and the calls announced."""

    template_name = "communes/call_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            open_calls=selectors.call_list_open(on=today),
            upcoming_calls=selectors.call_list_upcoming(on=today),
            **kwargs,
        )


class CallDetailView(DetailView):
    """R2: a call's text and dates; the form link only while it is open."""

    model = Call
    template_name = "communes/call_detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.select_related("cohort")


class BaseApplicationCreateView(FormView):
    """R2, R45: the form of one call; refused (GET and POST) unless the call is open today."""

    call_kind: str = ""
    rate_limit_scope = "apply"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(
            Call.objects.select_related("cohort"), pk=kwargs["pk"], kind=self.call_kind
        )
        if not self.call.is_open(timezone.localdate()):
            # Also on a direct POST: nothing is read from the request, nothing is saved.
            return render(request, "communes/call_closed.html", {"call": self.call}, status=403)
        if request.method == "POST" and rate_limit_exceeded(request, self.rate_limit_scope):
            return render(request, "communes/rate_limited.html", {"call": self.call}, status=429)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def submit(self, application):
        raise NotImplementedError

    def form_valid(self, form):
        application = form.save(commit=False)
        application.call = self.call
        try:
            application = self.submit(application)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        self.request.session[RECEIPT_SESSION_KEY] = {
            "number": application.receipt_number,
            "call": self.call.title,
            "call_pk": self.call.pk,
        }
        # No flash message: the receipt page is the confirmation (and base.html's message list
        # has role="status" on its <ul>, which axe reports as a serious violation).
        return HttpResponseRedirect(reverse("communes:application-receipt"))


class CommuneApplicationCreateView(BaseApplicationCreateView):
    """R3: a commune applies to a call for communes."""

    template_name = "communes/application_form.html"
    form_class = CommuneApplicationForm
    call_kind = Call.Kind.COMMUNE

    def submit(self, application):
        return services.commune_application_submit(application=application)


class ApplicationReceiptView(TemplateView):
    """R45: the confirmation page with the receipt number (kept in the applicant's session)."""

    template_name = "communes/application_receipt.html"

    def get(self, request, *args, **kwargs):
        if RECEIPT_SESSION_KEY not in request.session:
            return HttpResponseRedirect(reverse("communes:call-list"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(receipt=self.request.session[RECEIPT_SESSION_KEY], **kwargs)
