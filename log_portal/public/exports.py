"""R32 open data: CSV and JSON downloads of everything public, streamed, with a datapackage.json.

Each export is one query read through a server-side cursor (``.iterator(chunk_size=...)``) and
written row by row, so it works at DOMAIN.md section C sizes without loading everything in
memory. No personal data (R8): no e-mail, phone, author or commenter in any file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from log_portal.public import selectors
from log_portal.public.caching import public_page

CHUNK_SIZE = 2000
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless Table Schema type
    description: str
    source: str | None = None  # the queryset's expression name, when it differs


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    queryset: Callable[[], QuerySet]
    fields: tuple[Field, ...]

    def rows(self) -> Iterator[tuple]:
        names = [f.source or f.name for f in self.fields]
        return self.queryset().values_list(*names).iterator(chunk_size=CHUNK_SIZE)

    def last_updated(self) -> dt.datetime | None:
        """The latest change: walks the (updated_at, id) index backwards to the first public row
        (a MAX() through the public filters read every row)."""
        return self.queryset().order_by("-updated_at").values_list("updated_at", flat=True).first()


def _communes() -> QuerySet:
    return selectors.public_communes().order_by("pk")


def _plans() -> QuerySet:
    return (
        selectors.public_plans()
        .annotate(
            coordinating_commune_slug=F("coordinating_commune__slug"),
            commune_slugs=ArrayAgg("communes__slug", distinct=True, default=[]),
        )
        .order_by("pk")
    )


def _commitments() -> QuerySet:
    return selectors.public_commitments().annotate(commune_slug=F("commune__slug")).order_by("pk")


def _milestones() -> QuerySet:
    return selectors.public_milestones().order_by("pk")


def _updates() -> QuerySet:
    return selectors.public_updates().order_by("pk")


def _assessments() -> QuerySet:
    return selectors.public_assessments().annotate(body_name=F("body__name")).order_by("pk")


ID = Field("id", "integer", "Identifier on the portal.", "pk")
UPDATED = Field("updated_at", "datetime", "Last change (UTC).")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "communes",
            _("Member communes"),
            _communes,
            (
                ID,
                Field("slug", "string", "Identifier in page addresses."),
                Field("name", "string", "Name of the commune."),
                Field("country", "string", "ISO 3166-1 alpha-2 country code."),
                Field("region", "string", "Region."),
                Field("population", "integer", "Population."),
                Field("membership_status", "string", "R10 OGP Local membership status."),
                Field("membership_status_since", "date", "Date of the current status."),
                Field("joined_on", "date", "Date the commune joined OGP Local."),
                Field("lead_agency", "string", "R12 lead agency."),
                Field("website", "string", "Website."),
                UPDATED,
            ),
        ),
        Dataset(
            "plans",
            _("Action plans"),
            _plans,
            (
                ID,
                Field("title", "string", "Title."),
                Field("title_en", "string", "Title in English (R21)."),
                Field("status", "string", "submitted, implementation or ended."),
                Field("start_date", "date", "Start of the plan period."),
                Field("end_date", "date", "End of the plan period."),
                Field("submitted_on", "date", "Date of submission."),
                Field(
                    "coordinating_commune",
                    "string",
                    "Slug of the coordinating commune.",
                    "coordinating_commune_slug",
                ),
                Field("communes", "array", "Slugs of the plan's communes (R20).", "commune_slugs"),
                Field("vision_summary", "string", "Summary of the strategic vision."),
                Field("vision_summary_en", "string", "Summary of the vision in English."),
                UPDATED,
            ),
        ),
        Dataset(
            "commitments",
            _("Commitments"),
            _commitments,
            (
                ID,
                Field("plan_id", "integer", "Identifier of the plan."),
                Field("commune", "string", "Slug of the commune; empty if joint.", "commune_slug"),
                Field("title", "string", "Title."),
                Field("title_en", "string", "Title in English."),
                Field("status", "string", "submitted, ongoing, complete or withdrawn."),
                Field("start_date", "date", "Start date."),
                Field("end_date", "date", "End date."),
                Field("problem", "string", "Problem addressed."),
                Field("status_quo", "string", "Status quo."),
                Field("action", "string", "Action."),
                Field("action_en", "string", "Action in English."),
                Field("solution", "string", "How it solves the problem."),
                Field("long_term_goal", "string", "Long-term goal served."),
                Field("policy_areas", "array", "R16 policy areas."),
                Field("primary_sectors", "array", "R16 primary sectors."),
                Field("ogp_values", "array", "R16 OGP values."),
                Field("budget_amount", "number", "Budget."),
                Field("budget_currency", "string", "ISO 4217 currency of the budget."),
                Field("staff", "integer", "Staff (people)."),
                Field("months", "integer", "Time (months)."),
                Field("other_resources", "string", "Other resources."),
                Field("resources_secured", "string", "yes, no or partially."),
                Field("additional_information", "string", "Additional information."),
                Field("submitted_on", "date", "Date of submission."),
                UPDATED,
            ),
        ),
        Dataset(
            "milestones",
            _("Milestones"),
            _milestones,
            (
                ID,
                Field("commitment_id", "integer", "Identifier of the commitment."),
                Field("position", "integer", "Order within the commitment."),
                Field("description", "string", "Description."),
                Field("start_month", "date", "First day of the start month."),
                Field("end_month", "date", "First day of the end month."),
                Field("responsible_organisation", "string", "Responsible organisation."),
                Field("status", "string", "R17 status."),
                UPDATED,
            ),
        ),
        Dataset(
            "updates",
            _("Quarterly progress updates"),
            _updates,
            (
                ID,
                Field("commitment_id", "integer", "Identifier of the commitment."),
                Field("year", "integer", "Year of the quarter reported on."),
                Field("quarter", "integer", "Quarter reported on (1-4)."),
                Field("progress", "string", "Progress."),
                Field("delay_reasons", "string", "Reasons for delays."),
                Field("next_steps", "string", "Next steps."),
                Field("completion_level", "string", "Completion level."),
                Field("submitted_at", "datetime", "Submission time (UTC)."),
                UPDATED,
            ),
        ),
        Dataset(
            "assessments",
            _("Assessments of the monitoring bodies"),
            _assessments,
            (
                ID,
                Field("plan_id", "integer", "Identifier of the plan."),
                Field("commitment_id", "integer", "Commitment (end-of-commitment only)."),
                Field("kind", "string", "initial, end_of_commitment or final_learning."),
                Field("body", "string", "Name of the monitoring body.", "body_name"),
                Field("due_on", "date", "Due date (R26)."),
                Field("summary", "string", "Summary."),
                Field("recommended_practices", "string", "Recommended practices."),
                Field("completion_level", "string", "Completion level."),
                Field("early_results", "string", "Early results."),
                Field("lessons", "string", "Lessons and next steps."),
                Field("commune_reply", "string", "Reply of the commune."),
                Field("submitted_at", "datetime", "Submission time (UTC)."),
                UPDATED,
            ),
        ),
    )
}
FORMATS = ("csv", "json")


def licence() -> dict:
    return settings.OPEN_DATA_LICENCE


def defuse(value: object) -> object:
    """Neutralises a text cell a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return defuse(value)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(dataset: Dataset) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([f.name for f in dataset.fields])
    for row in dataset.rows():
        yield writer.writerow([csv_cell(v) for v in row])


def json_chunks(dataset: Dataset) -> Iterator[str]:
    names = [f.name for f in dataset.fields]
    yield "["
    first = True
    for row in dataset.rows():
        yield ("\n" if first else ",\n") + json.dumps(
            dict(zip(names, row, strict=True)), cls=DjangoJSONEncoder, ensure_ascii=False
        )
        first = False
    yield "\n]\n"


def download(request: HttpRequest, name: str, fmt: str) -> StreamingHttpResponse:
    """R32: one dataset as CSV or JSON, streamed."""
    dataset = DATASETS.get(name)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        content, content_type = csv_lines(dataset), "text/csv; charset=utf-8"
    else:
        content, content_type = json_chunks(dataset), "application/json; charset=utf-8"
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def field_schema(field: Field) -> dict:
    """Frictionless Table Schema of one CSV column (lists are joined with ';' in CSV)."""
    schema = {"name": field.name, "type": field.type, "description": field.description}
    if field.type == "array":
        schema.update(type="string", description=field.description + " Values separated by ';'.")
    elif field.type == "datetime":
        schema["format"] = "any"  # ISO 8601 with microseconds and offset
    return schema


def datapackage(request: HttpRequest) -> JsonResponse:
    """R32: the Frictionless Data Package describing each CSV file and its fields."""
    package = {
        "profile": "tabular-data-package",
        "name": "log-portal-open-data",
        "title": "LOG Portal open data",
        "homepage": request.build_absolute_uri(reverse("public:data")),
        "licenses": [licence()],
        "resources": [
            {
                "name": dataset.name,
                "path": request.build_absolute_uri(
                    reverse("public:data-download", args=[dataset.name, "csv"])
                ),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": str(dataset.title),
                "schema": {
                    "fields": [field_schema(f) for f in dataset.fields],
                    "primaryKey": "id",
                },
            }
            for dataset in DATASETS.values()
        ],
    }
    return JsonResponse(package, json_dumps_params={"indent": 2})


@public_page
class DataView(TemplateView):
    """R32: the open data page: every download, its licence and last-updated date."""

    template_name = "public/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datasets"] = [
            {"dataset": d, "last_updated": d.last_updated()} for d in DATASETS.values()
        ]
        context["licence"] = licence()
        return context
