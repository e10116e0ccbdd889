"""The public volunteer application form (R4, R45)."""

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from communes.models import Call
from communes.views import BaseApplicationCreateView
from log_portal.errors import ApplicationError
from volunteers import services
from volunteers.forms import ApplicationImportForm, VolunteerApplicationForm
from volunteers.models import ApplicationImport


class VolunteerApplicationCreateView(BaseApplicationCreateView):
    """R4: a candidate applies to a call for volunteers; the gates are computed on submission."""

    template_name = "volunteers/application_form.html"
    form_class = VolunteerApplicationForm
    call_kind = Call.Kind.VOLUNTEER

    def submit(self, application):
        return services.volunteer_application_submit(application=application)


class StaffOnlyMixin:
    """R40: staff pages; anonymous users log in, other users get a 404 (nothing to see here)."""

    permission = "volunteers.add_volunteerapplication"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff and request.user.has_perm(self.permission)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**admin.site.each_context(self.request), **kwargs)


class ApplicationImportCreateView(StaffOnlyMixin, FormView):
    """R5: upload a CSV file; the dry run starts in Celery."""

    template_name = "volunteers/import_form.html"
    form_class = ApplicationImportForm

    def form_valid(self, form):
        application_import = services.application_import_create(
            call=form.cleaned_data["call"], file=form.cleaned_data["file"], by=self.request.user
        )
        messages.success(self.request, _("The file is being checked."))
        return HttpResponseRedirect(
            reverse("volunteers:import-detail", args=[application_import.pk])
        )


class ApplicationImportDetailView(StaffOnlyMixin, DetailView):
    """R5: progress (the page refreshes while the task runs), the row-by-row report, the import."""

    template_name = "volunteers/import_detail.html"
    context_object_name = "application_import"
    report_page_size = 200

    def get_queryset(self):
        return ApplicationImport.objects.select_related("call", "created_by")

    def get_context_data(self, **kwargs):
        application_import = self.object
        processed = application_import.processed_rows
        if application_import.status == ApplicationImport.Status.IMPORTING:
            processed = cache.get(services.import_progress_key(application_import.pk), 0)
        total = application_import.total_rows
        rows = application_import.report
        if self.request.GET.get("errors"):
            rows = [row for row in rows if not row["ok"]]
        page = Paginator(rows, self.report_page_size).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            processed=processed,
            percent=round(100 * processed / total) if total else 0,
            page=page,
            only_errors=bool(self.request.GET.get("errors")),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            services.application_import_start(application_import=self.object)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The import has started."))
        return HttpResponseRedirect(reverse("volunteers:import-detail", args=[self.object.pk]))
