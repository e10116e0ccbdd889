"""Staff exports of a filtered list of volunteer applications (R5), CSV and XLSX, streamed.

R8: exports are for staff only (the admin checks it); no public export holds these columns.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from volunteers.models import VolunteerApplication

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def defuse(value) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def columns(*, with_scores: bool) -> list[tuple[str, callable]]:
    cols = [
        (_("receipt number"), lambda a: a.receipt_number),
        (_("call"), lambda a: a.call.title),
        (_("status"), lambda a: a.get_status_display()),
        (_("first name"), lambda a: a.first_name),
        (_("last name"), lambda a: a.last_name),
        (_("e-mail"), lambda a: a.email),
        (_("nationality"), lambda a: a.nationality.code),
        (_("country of residence"), lambda a: a.country_of_residence.code),
        (_("gender"), lambda a: a.get_gender_display()),
        (_("languages"), lambda a: " ".join(a.languages)),
        (_("domain of competence"), lambda a: a.competence_domain),
        (_("passes availability gate"), lambda a: a.passes_availability_gate),
        (_("passes passport gate"), lambda a: a.passes_passport_gate),
        (_("submitted at"), lambda a: a.created_at.strftime("%Y-%m-%d %H:%M")),
    ]
    if with_scores:
        cols += [
            (_("mean score"), lambda a: "" if a.mean_score is None else f"{a.mean_score:.2f}"),
            (_("reviews"), lambda a: a.review_count),
        ]
    return cols


def _rows(queryset, cols) -> Iterator[list]:
    yield [str(label) for label, _getter in cols]
    for application in queryset.iterator(chunk_size=CHUNK):
        yield [getter(application) for _label, getter in cols]


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset: Iterable[VolunteerApplication], *, with_scores: bool, filename: str):
    """Stream the rows as CSV, every cell defused against formula injection."""
    writer = csv.writer(_Echo())
    cols = columns(with_scores=with_scores)
    stream = (writer.writerow([defuse(cell) for cell in row]) for row in _rows(queryset, cols))
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _with_bom(stream):
    yield "\ufeff"  # so that spreadsheet programs read UTF-8 accents correctly
    yield from stream


def xlsx_response(queryset, *, with_scores: bool, filename: str):
    """Write a write-only workbook to a temporary file, then stream the file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Applications")[:31])
    for row in _rows(queryset, columns(with_scores=with_scores)):
        sheet.append([defuse(cell) if isinstance(cell, str) else cell for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
