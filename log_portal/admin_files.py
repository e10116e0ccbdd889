"""R8, R24, R40: stored files open in the admin through one staff download view, never /media/.

Uploads may hold personal data (CVs, letters, import files), so the proxy does not serve
``MEDIA_URL`` (README, deploying). Staff open a file through ``admin_file``: it answers only for
active staff who may view that very object in its ``ModelAdmin``, only for a field of
``ALLOWED_FILE_FIELDS``, and serves the file as a download (``attachment_response``).

``AdminFileLinksMixin`` (on each ``ModelAdmin`` and inline showing one of those fields) points the
admin's links there: the "Currently:" link of the upload widget, and the read-only display of the
field (a read-only field, or every field for staff who may view but not change the object).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from log_portal.uploads import StoredFileLink, attachment_response

# model label -> the file fields staff may download: nothing else can be fetched through the view.
ALLOWED_FILE_FIELDS: dict[str, frozenset[str]] = {
    "action_plans.strategicvision": frozenset({"documents"}),
    "commitments.evidence": frozenset({"file"}),
    "communes.communeapplication": frozenset({"support_letter", "convention_document"}),
    "monitoring.letter": frozenset({"file"}),
    "monitoring.report": frozenset({"file"}),
    "volunteers.applicationimport": frozenset({"file"}),
    "volunteers.volunteer": frozenset({"photo"}),
    "volunteers.volunteerapplication": frozenset({"cv"}),
}


def allowed_file_fields(model: type[models.Model]) -> frozenset[str]:
    """The model's file fields that staff download through ``admin_file``."""
    return ALLOWED_FILE_FIELDS.get(model._meta.label_lower, frozenset())


def admin_file_url(obj: models.Model, field_name: str) -> str:
    """The staff download address of one stored file."""
    opts = obj._meta
    return reverse(
        "admin-file",
        kwargs={
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "pk": obj.pk,
            "field_name": field_name,
        },
    )


def admin_file_link(obj: models.Model, field_name: str) -> str:
    """The file's name linked to its staff download, or the empty value when there is none."""
    fieldfile = getattr(obj, field_name)
    if not fieldfile:
        return admin.site.empty_value_display
    name = os.path.basename(fieldfile.name)
    if obj.pk is None or field_name not in allowed_file_fields(type(obj)):
        return name
    return format_html('<a href="{}">{}</a>', admin_file_url(obj, field_name), name)


@never_cache
def admin_file(
    request: HttpRequest, app_label: str, model_name: str, pk: int, field_name: str
) -> HttpResponse:
    """R8, R24, R40: one stored file for staff who may view its object in the admin; else 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not admin.site.has_permission(request):
        raise Http404
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    if field_name not in allowed_file_fields(model) or not admin.site.is_registered(model):
        raise Http404
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.FileField):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    # The admin's own queryset: an object its change page would not show is not served either.
    obj = model_admin.get_object(request, str(pk))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    fieldfile = getattr(obj, field_name)
    if not fieldfile:
        raise Http404
    try:
        return attachment_response(fieldfile)
    except FileNotFoundError as error:
        raise Http404 from error


class AdminStoredFileWidget(AdminFileWidget):
    """The "Currently:" link of a stored file goes to the staff download, not to MEDIA_URL."""

    def format_value(self, value):
        value = super().format_value(value)
        if not isinstance(value, FieldFile) or getattr(value.instance, "pk", None) is None:
            return value
        return StoredFileLink(value, admin_file_url(value.instance, value.field.name))


@functools.cache
def _file_link_display(model: type[models.Model], field_name: str) -> Callable:
    """The read-only display of one file field (one function per field: the admin compares them)."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name)
    def display(obj):
        return admin_file_link(obj, field_name)

    # Named after the field: the admin's CSS class ("field-<name>") and help text follow it.
    display.__name__ = field_name
    return display


class AdminFileLinksMixin:
    """R8, R24, R40: the admin's links to the allow-listed stored files go to ``admin_file``.

    Editable fields get ``AdminStoredFileWidget``. A file field shown read-only (in
    ``readonly_fields``, or to staff who may view but not change the object) is replaced in the
    fieldsets by a display function of the same name that links to the download, since Django's
    read-only display links to ``FieldFile.url``.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in allowed_file_fields(self.model):
            kwargs["widget"] = AdminStoredFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _shown_read_only(self, request, obj) -> bool:
        """Every field is read-only when staff may view but not change the object (or, for an
        inline, its parent)."""
        if obj is None:
            return False
        if not self.has_change_permission(request, obj):
            return True
        parent_model = getattr(self, "parent_model", None)
        if parent_model is None or not self.admin_site.is_registered(parent_model):
            return False
        parent_admin = self.admin_site.get_model_admin(parent_model)
        return not parent_admin.has_change_permission(request, obj)

    def _read_only_file_fields(self, request, obj, readonly) -> list[str]:
        allowed = allowed_file_fields(self.model)
        if not allowed:
            return []
        if self._shown_read_only(request, obj):
            return sorted(allowed)
        return sorted(allowed & {name for name in readonly if isinstance(name, str)})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [
            _file_link_display(self.model, name)
            for name in self._read_only_file_fields(request, obj, readonly)
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        readonly = super().get_readonly_fields(request, obj)
        names = self._read_only_file_fields(request, obj, readonly)
        if not names:
            return fieldsets
        displays = {name: _file_link_display(self.model, name) for name in names}
        return _swap_fields(fieldsets, displays)


def _swap_fields(fieldsets, displays: dict[str, Callable]) -> list:
    """The fieldsets with each named field replaced by its display, each display shown once
    (``get_fields`` lists read-only entries again after the form's fields)."""
    shown: set[Callable] = set()
    wanted = set(displays.values())

    def keep(item) -> bool:
        if item in wanted:
            if item in shown:
                return False
            shown.add(item)
        return True

    def swap(item):
        return displays.get(item, item) if isinstance(item, str) else item

    result = []
    for title, options in fieldsets:
        lines = []
        for line in options.get("fields", ()):
            if isinstance(line, list | tuple):
                items = [swap(item) for item in line]
                items = [item for item in items if keep(item)]
                if items:
                    lines.append(tuple(items))
            else:
                item = swap(line)
                if keep(item):
                    lines.append(item)
        result.append((title, {**options, "fields": lines}))
    return result
