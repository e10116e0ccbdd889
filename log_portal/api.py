"""Shared pieces of the REST API (R32): pagination, throttles, the one error shape, filters.

DRF's settings import this module while ``rest_framework.views`` loads: it must not import
DRF views or decorators (the views are in ``log_portal/api_views.py``).

Every error answers ``{"status": 400, "code": "invalid", "detail": "...", "fields": {...}}``:
``fields`` maps a field name (or ``non_field_errors``) to its messages, empty when the error
concerns no field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from log_portal.errors import ApplicationError

# --- pagination --------------------------------------------------------------------------------


class HarvestCursorPagination(CursorPagination):
    """R32, DOMAIN.md C: stable cursor pages (no COUNT over 500,000 rows), at most 200 a page."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = gettext_lazy("Number of results per page (at most 200).")
    cursor_query_description = gettext_lazy("The cursor of the page, taken from `next`.")
    ordering = ("updated_at", "id")

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict) -> dict:
        result = super().get_paginated_response_schema(schema)
        properties = result["properties"]
        properties["next"]["description"] = "Link to the next page; null on the last page."
        properties["previous"]["description"] = "Link to the previous page; null on the first."
        properties["results"]["description"] = "The records of this page."
        return result

    def get_ordering(self, request, queryset, view):
        """A unique last key keeps cursors stable when the chosen ordering has ties."""
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(key.lstrip("-") in ("id", "pk") for key in ordering):
            ordering += ("id",)
        return ordering


# --- throttles ---------------------------------------------------------------------------------


class _RateFromSettings:
    def get_rate(self) -> str | None:
        """Read the rate at request time so that settings overrides (and tests) apply."""
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous clients, per IP address, in the Redis cache."""


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """Authenticated clients, per user, in the Redis cache."""


def object_pk(value) -> int:
    """An id from the URL, or the JSON 404 every missing object answers."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exceptions.NotFound() from None


# --- errors ------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    status = serializers.IntegerField(help_text=gettext_lazy("The HTTP status code."))
    code = serializers.CharField(
        help_text=gettext_lazy("A stable machine code: invalid, not_found, throttled...")
    )
    detail = serializers.CharField(help_text=gettext_lazy("A message for people."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy(
            "Messages per field (`non_field_errors` for the whole object); empty when none."
        ),
    )


def _flatten(detail: Any) -> dict[str, list[str]]:
    """DRF's nested error detail as ``{field: [messages]}`` (nested keys joined with dots)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            for sub, msgs in _flatten(value).items():
                name = str(key) if sub == api_settings.NON_FIELD_ERRORS_KEY else f"{key}.{sub}"
                out.setdefault(name, []).extend(msgs)
        return out
    if isinstance(detail, list):
        msgs: list[str] = []
        out = {}
        for item in detail:
            if isinstance(item, dict | list) and not isinstance(item, str):
                for sub, sub_msgs in _flatten(item).items():
                    if sub == api_settings.NON_FIELD_ERRORS_KEY:
                        msgs.extend(sub_msgs)
                    else:
                        out.setdefault(sub, []).extend(sub_msgs)
            else:
                msgs.append(str(item))
        if msgs:
            out.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(msgs)
        return out
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Turn every refusal (DRF, Django validation, ApplicationError) into the one error shape."""
    # Imported here: DRF's settings import this module while rest_framework.views loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(
            {exc.field or api_settings.NON_FIELD_ERRORS_KEY: [exc.message]}
        )
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        detail = _("Some fields are not valid.")
        code = "invalid"
    else:
        fields = {}
        detail = str(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = code if isinstance(code, str) else "error"
    response.data = {
        "status": response.status_code,
        "code": code,
        "detail": detail,
        "fields": fields,
    }
    return response


ERROR_STATUSES = {
    "400": gettext_lazy("The request is not valid; `fields` says why."),
    "401": gettext_lazy("Authentication is needed (token or session)."),
    "403": gettext_lazy("The authenticated user may not do this."),
    "404": gettext_lazy("Not found, or not visible to this user."),
    "429": gettext_lazy("Too many requests; retry after the `Retry-After` seconds."),
}
# A wrong or revoked token is refused (401) even where reading is public.
READ_ERROR_STATUSES = ("400", "401", "404", "429")


def add_error_responses(result: dict, generator, request, public: bool) -> dict:
    """Document the one error shape on every operation (OpenAPI postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = {
        "type": "object",
        "description": "The one error shape of the API.",
        "properties": {
            "status": {"type": "integer", "description": "The HTTP status code."},
            "code": {
                "type": "string",
                "description": "A stable machine code: invalid, not_found, throttled...",
            },
            "detail": {"type": "string", "description": "A message for people."},
            "fields": {
                "type": "object",
                "description": "Messages per field (`non_field_errors` for the whole object).",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["status", "code", "detail", "fields"],
    }
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            statuses = READ_ERROR_STATUSES if method in ("get", "head") else ERROR_STATUSES
            responses = operation.setdefault("responses", {})
            for code in statuses:
                responses.setdefault(
                    code,
                    {
                        "description": str(ERROR_STATUSES[code]),
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


# --- filters -----------------------------------------------------------------------------------


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date-time of any offset, compared in UTC (PostgreSQL refuses odd offsets)."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except (OverflowError, ValueError) as error:
                raise exceptions.ValidationError(
                    {self.field_name: [_("Enter a date-time between years 1 and 9999.")]}
                ) from error
        return super().filter(qs, value)


class UpdatedSinceFilterSet(filters.FilterSet):
    """R32: ``updated_since`` for incremental harvesting (records changed at or after it)."""

    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=gettext_lazy(
            "Only records changed at or after this ISO 8601 date-time, e.g. 2025-04-01T00:00:00Z."
        ),
    )


# --- serializers -------------------------------------------------------------------------------


class _EmptyAsNullMixin:
    """A blank link or e-mail is null in output: "" would not be a valid ``uri``/``email``."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class OptionalURLField(_EmptyAsNullMixin, serializers.URLField):
    pass


class OptionalEmailField(_EmptyAsNullMixin, serializers.EmailField):
    pass


class DescribedModelSerializer(serializers.ModelSerializer):
    """Every field is described in the schema: the model's help text, else its verbose name.

    Blank links and e-mails are null, so that every value matches its schema format.
    """

    def _describe(self, kwargs: dict, model_field) -> dict:
        if not kwargs.get("help_text") and model_field is not None:
            text = getattr(model_field, "help_text", "") or getattr(model_field, "verbose_name", "")
            if text:
                kwargs["help_text"] = text
        return kwargs

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if getattr(model_field, "blank", False):
            if field_class is serializers.URLField:
                field_class = OptionalURLField
                kwargs["allow_null"] = True
            elif field_class is serializers.EmailField:
                field_class = OptionalEmailField
                kwargs["allow_null"] = True
            elif issubclass(field_class, serializers.ChoiceField):
                # Read-only blank choices (e.g. recorded by a service) may be "" too.
                kwargs["allow_blank"] = True
        return field_class, self._describe(kwargs, model_field)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        return field_class, self._describe(kwargs, relation_info.model_field)
