"""Writes with a rule: volunteer application pipeline (R4, R5), volunteers and missions (R7)."""

import csv
import datetime as dt
import io
import re

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import Cohort, Commune
from communes.services import (
    application_invitation_send,
    application_receipt_send,
    call_check_open,
    choice_label,
    full_clean_or_raise,
)
from log_portal.errors import ApplicationError
from log_portal.models import User
from volunteers.models import (
    ApplicationImport,
    Mission,
    Review,
    Volunteer,
    VolunteerApplication,
    VolunteerApplicationTransition,
)


@transaction.atomic
def volunteer_application_transition(
    *,
    application: VolunteerApplication,
    to_status: str,
    by: User | None,
    note: str = "",
) -> VolunteerApplicationTransition:
    """R5: move an application along its pipeline and record who, when, from, to and why.

    R4: *eligible* needs both gates passed, *ineligible* a gate failed (as stored on submission).
    R5: *interviewed* needs a recorded interview.
    """
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    Status = VolunteerApplication.Status
    if to_status not in VolunteerApplication.ALLOWED_TRANSITIONS.get(from_status, set()):
        raise ApplicationError(
            _("A volunteer application cannot go from %(from)s to %(to)s.")
            % {"from": Status(from_status).label, "to": choice_label(Status, to_status)}
        )
    if to_status == Status.ELIGIBLE and not application.passes_gates:
        raise ApplicationError(
            _("An applicant who fails a gate (availability or passport) cannot be eligible.")
        )
    if to_status == Status.INELIGIBLE and application.passes_gates:
        raise ApplicationError(_("This applicant passes both gates and is eligible."))
    if to_status == Status.INTERVIEWED and not application.interviews.exists():
        raise ApplicationError(_("Record the interview first."))
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    return VolunteerApplicationTransition.objects.create(
        application=application, from_status=from_status, to_status=to_status, by=by, note=note
    )


@transaction.atomic
def volunteer_application_screen(
    *, application: VolunteerApplication, by: User | None = None
) -> VolunteerApplicationTransition:
    """R4: compute and store the two gates, then mark the applicant eligible or ineligible."""
    application.compute_gates()
    application.save(
        update_fields=["passes_availability_gate", "passes_passport_gate", "updated_at"]
    )
    Status = VolunteerApplication.Status
    if application.passes_gates:
        return volunteer_application_transition(
            application=application, to_status=Status.ELIGIBLE, by=by
        )
    failed = []
    if not application.passes_availability_gate:
        failed.append(_("not available for the whole mission period"))
    if not application.passes_passport_gate:
        failed.append(_("passport not valid 1 year after the mission start"))
    return volunteer_application_transition(
        application=application, to_status=Status.INELIGIBLE, by=by, note="; ".join(failed)
    )


@transaction.atomic
def volunteer_application_submit(
    *, application: VolunteerApplication, on: dt.date | None = None
) -> VolunteerApplication:
    """R2, R4: save an application to an open call, compute its gates, e-mail the receipt."""
    call_check_open(call=application.call, on=on)
    application.status = VolunteerApplication.Status.SUBMITTED
    application.compute_gates()
    full_clean_or_raise(application)
    application.save()
    volunteer_application_screen(application=application)
    application.refresh_from_db(fields=["status"])
    to, call, receipt, name = (
        application.email,
        application.call,
        application.receipt_number,
        application.full_name,
    )
    transaction.on_commit(
        lambda: application_receipt_send(to=to, call=call, receipt_number=receipt, name=name)
    )
    return application


@transaction.atomic
def volunteer_application_invite(
    *, application: VolunteerApplication, by: User | None, message: str = ""
) -> VolunteerApplicationTransition:
    """R5: invite a preselected applicant to the individual interview.

    The status does not change; the invitation is recorded in the audit trail with its message.
    """
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != VolunteerApplication.Status.PRESELECTED:
        raise ApplicationError(_("Only a preselected applicant is invited to the interview."))
    application.invited_at = timezone.now()
    application.save(update_fields=["invited_at", "updated_at"])
    what = _("interview with the Local Open GovLab")
    data = (application.email, application.full_name, application.receipt_number)
    transaction.on_commit(
        lambda: application_invitation_send(
            to=data[0], name=data[1], what=what, message=message, receipt=data[2]
        )
    )
    return VolunteerApplicationTransition.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        by=by,
        note=_("Invited to the interview.") + (f" {message}" if message else ""),
    )


# R4: applications staff may score (not before the gates, not once decided).
REVIEWABLE_STATUSES = (
    VolunteerApplication.Status.ELIGIBLE,
    VolunteerApplication.Status.PRESELECTED,
    VolunteerApplication.Status.INTERVIEWED,
)


@transaction.atomic
def review_submit(
    *, application: VolunteerApplication, reviewer: User, scores: dict[str, int], comment: str = ""
) -> Review:
    """R4: a staff reviewer scores the six criteria of an eligible application, once."""
    if application.status not in REVIEWABLE_STATUSES:
        raise ApplicationError(
            _("Only eligible, preselected or interviewed applications are scored.")
        )
    if Review.objects.filter(application=application, reviewer=reviewer).exists():
        raise ApplicationError(_("You have already scored this application."))
    review = Review(application=application, reviewer=reviewer, comment=comment, **scores)
    full_clean_or_raise(review)
    review.save()
    return review


@transaction.atomic
def volunteer_create_from_application(
    *, application: VolunteerApplication, user: User | None = None
) -> Volunteer:
    """R7: a selected applicant becomes a volunteer (public profile per R8 filled in later)."""
    if application.status != VolunteerApplication.Status.SELECTED:
        raise ApplicationError(_("Only a selected applicant becomes a volunteer."))
    volunteer = Volunteer(
        application=application,
        user=user,
        display_name=application.full_name,
        nationality=application.nationality,
    )
    full_clean_or_raise(volunteer)
    volunteer.save()
    return volunteer


@transaction.atomic
def mission_assign(
    *,
    volunteer: Volunteer,
    commune: Commune,
    cohort: Cohort,
    start: dt.date,
    mode: str = Mission.Mode.ON_SITE,
    roadmap: str = "",
    end: dt.date | None = None,
    by: User | None,
) -> Mission:
    """R7: assign a volunteer to a commune: never in their country of origin, one at a time."""
    # Lock the volunteer so that two assignments at once cannot both pass the overlap check.
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    mission = Mission(
        volunteer=volunteer,
        commune=commune,
        cohort=cohort,
        starts_on=start,
        ends_on=end,
        mode=mode,
        roadmap=roadmap,
        assigned_by=by,
    )
    full_clean_or_raise(mission)
    mission.save()
    return mission


# --- Import of applications received elsewhere (CSV) --------------------------------------------

IMPORT_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "nationality",
    "country_of_residence",
    "gender",
    "languages",
    "competence_domain",
    "available_for_mission",
    "passport_expires_on",
    "open_data_experience",
    "training_modules",
    "local_governance_knowledge",
    "civic_tech_knowledge",
    "motivation",
)
IMPORT_REQUIRED_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "nationality",
    "country_of_residence",
)
IMPORT_PROGRESS_EVERY = 500
IMPORT_BATCH = 1000
TRUE_WORDS = {"yes", "y", "true", "1", "oui", "sim", "x"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "nao", "não", ""}


def application_import_create(*, call, file, by: User | None) -> ApplicationImport:
    """R5: record an uploaded CSV file of applications; the dry run is queued after commit."""
    from volunteers.tasks import application_import_check_task

    application_import = ApplicationImport(call=call, file=file, created_by=by)
    full_clean_or_raise(application_import)
    application_import.save()
    transaction.on_commit(lambda: application_import_check_task.delay(application_import.pk))
    return application_import


def _read_rows(application_import: ApplicationImport) -> tuple[list[str], list[dict[str, str]]]:
    with application_import.file.open("rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8-sig")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, list(reader)


def _parse_row(call, values: dict[str, str]) -> tuple[VolunteerApplication | None, list[str]]:
    """R4: one CSV row as an unsaved application with its gates, or the reasons it is wrong."""
    errors: list[str] = []
    data = {name: (values.get(name) or "").strip() for name in IMPORT_COLUMNS}
    available = data["available_for_mission"].lower()
    if available not in TRUE_WORDS | FALSE_WORDS:
        errors.append(_("available_for_mission: write yes or no."))
    passport = None
    if data["passport_expires_on"]:
        try:
            passport = dt.date.fromisoformat(data["passport_expires_on"])
        except ValueError:
            errors.append(_("passport_expires_on: write the date as YYYY-MM-DD."))
    languages = [code for code in re.split(r"[\s;,|]+", data["languages"].lower()) if code]
    application = VolunteerApplication(
        call=call,
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"].lower(),
        phone=data["phone"],
        nationality=data["nationality"].upper(),
        country_of_residence=data["country_of_residence"].upper(),
        gender=data["gender"].lower(),
        languages=languages,
        competence_domain=data["competence_domain"],
        available_for_mission=available in TRUE_WORDS,
        passport_expires_on=passport,
        open_data_experience=data["open_data_experience"],
        training_modules=data["training_modules"],
        local_governance_knowledge=data["local_governance_knowledge"],
        civic_tech_knowledge=data["civic_tech_knowledge"],
        motivation=data["motivation"],
    )
    application.compute_gates()
    try:
        application.full_clean(exclude=["call", "receipt_number"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.extend(f"{field}: {message}" for message in messages)
    return (None if errors else application), errors


def _check_rows(application_import: ApplicationImport, *, save_progress: bool):
    """R5: parse and validate every row; returns (applications, report)."""
    header, rows = _read_rows(application_import)
    missing = [name for name in IMPORT_REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ApplicationError(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    call = application_import.call
    known = set(VolunteerApplication.objects.filter(call=call).values_list("email", flat=True))
    application_import.total_rows = len(rows)
    applications, report, seen = [], [], set()
    for number, values in enumerate(rows, start=2):  # row 1 is the header
        application, errors = _parse_row(call, values)
        email = (values.get("email") or "").strip().lower()
        if email and email in known:
            errors.append(_("email: this person already applied to this call."))
        elif email and email in seen:
            errors.append(_("email: this e-mail appears on an earlier row of the file."))
        seen.add(email)
        name = (
            f"{(values.get('first_name') or '').strip()} {(values.get('last_name') or '').strip()}"
        )
        report.append({"row": number, "ok": not errors, "name": name.strip(), "errors": errors})
        if not errors:
            applications.append(application)
        if save_progress and (number - 1) % IMPORT_PROGRESS_EVERY == 0:
            application_import.processed_rows = number - 1
            application_import.save(update_fields=["processed_rows", "total_rows", "updated_at"])
    return applications, report


def application_import_check(*, application_import: ApplicationImport) -> ApplicationImport:
    """R5: the dry run: report row by row what would be created and which rows are wrong, why."""
    Status = ApplicationImport.Status
    application_import.status = Status.CHECKING
    application_import.processed_rows = 0
    application_import.save(update_fields=["status", "processed_rows", "updated_at"])
    try:
        applications, report = _check_rows(application_import, save_progress=True)
    except (ApplicationError, UnicodeDecodeError, csv.Error) as exc:
        application_import.status = Status.FAILED
        application_import.message = getattr(exc, "message", "") or _(
            "The file could not be read as UTF-8 CSV."
        )
        application_import.save(update_fields=["status", "message", "updated_at"])
        return application_import
    application_import.report = report
    application_import.processed_rows = application_import.total_rows
    application_import.error_count = sum(1 for entry in report if not entry["ok"])
    application_import.status = Status.CHECKED
    application_import.message = ""
    application_import.save(
        update_fields=[
            "report",
            "processed_rows",
            "total_rows",
            "error_count",
            "status",
            "message",
            "updated_at",
        ]
    )
    return application_import


def application_import_start(*, application_import: ApplicationImport) -> ApplicationImport:
    """R5: queue the import of a checked file without errors."""
    from volunteers.tasks import application_import_run_task

    Status = ApplicationImport.Status
    updated = ApplicationImport.objects.filter(
        pk=application_import.pk, status=Status.CHECKED, error_count=0
    ).update(status=Status.IMPORTING, processed_rows=0)
    if not updated:
        raise ApplicationError(
            _("Only a checked file without errors can be imported, and only once.")
        )
    application_import.refresh_from_db()
    transaction.on_commit(lambda: application_import_run_task.delay(application_import.pk))
    return application_import


def application_import_run(*, application_import: ApplicationImport) -> ApplicationImport:
    """R5: import every row or none: the rows are checked again, then created in one transaction.

    Gates are computed on import (R4), and each application gets its submitted -> eligible /
    ineligible transition, decided by the portal (``by`` empty) as on the public form.
    """
    Status = ApplicationImport.Status
    if application_import.status != Status.IMPORTING:
        return application_import  # a second delivery of the task changes nothing
    try:
        applications, report = _check_rows(application_import, save_progress=False)
        if any(not entry["ok"] for entry in report):
            raise ApplicationError(_("The file changed since the dry run: check it again."))
        with transaction.atomic():
            for application in applications:
                application.status = (
                    VolunteerApplication.Status.ELIGIBLE
                    if application.passes_gates
                    else VolunteerApplication.Status.INELIGIBLE
                )
            for start in range(0, len(applications), IMPORT_BATCH):
                batch = VolunteerApplication.objects.bulk_create(
                    applications[start : start + IMPORT_BATCH]
                )
                VolunteerApplicationTransition.objects.bulk_create(
                    VolunteerApplicationTransition(
                        application=application,
                        from_status=VolunteerApplication.Status.SUBMITTED,
                        to_status=application.status,
                        note=_("Imported from a CSV file."),
                    )
                    for application in batch
                )
                # Progress lives in the cache: rows written inside the transaction are not
                # visible to the status page until it commits.
                cache.set(import_progress_key(application_import.pk), start + len(batch), 3600)
    except ApplicationError as exc:
        application_import.status = Status.FAILED
        application_import.message = exc.message
        application_import.save(update_fields=["status", "message", "updated_at"])
        return application_import
    application_import.status = Status.IMPORTED
    application_import.created_count = len(applications)
    application_import.processed_rows = application_import.total_rows
    application_import.save(
        update_fields=["status", "created_count", "processed_rows", "updated_at"]
    )
    cache.delete(import_progress_key(application_import.pk))
    return application_import


def import_progress_key(pk: int) -> str:
    return f"volunteers:import-progress:{pk}"


# --- R8: erasure of applicants' personal data ---------------------------------------------------

VOLUNTEER_ERASED_VALUES = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "date_of_birth": None,
    "passport_expires_on": None,
    "competence_domain": "",
    "open_data_experience": "",
    "training_modules": "",
    "local_governance_knowledge": "",
    "civic_tech_knowledge": "",
    "motivation": "",
    "cv": "",
}
COMMUNE_ERASED_VALUES = {
    "mayor_name": "",
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "motivation": "",
    "governance_needs": "",
    "designated_staff": "",
    "civil_society_partners": "",
    "support_letter": "",
}


def applicant_data_erase(*, on: dt.date, months: int) -> dict[str, int]:
    """R8: erase the personal data of applicants not selected, ``months`` after the call closed.

    What stays is anonymous and feeds the statistics: call, status, gender, nationality, country
    of residence, gate results and the scores (without the reviewers' comments). Files are
    deleted from storage. Safe to run twice: erased rows are skipped.
    """
    from communes.models import CommuneApplication
    from volunteers.models import Interview

    closed_before = on - relativedelta(months=months)
    volunteers = VolunteerApplication.objects.filter(
        call__closes_at__lt=closed_before, erased_at__isnull=True
    ).exclude(status=VolunteerApplication.Status.SELECTED)
    communes = CommuneApplication.objects.filter(
        call__closes_at__lt=closed_before, erased_at__isnull=True
    ).exclude(status=CommuneApplication.Status.SELECTED)
    now = timezone.now()
    counts = {"volunteer_applications": 0, "commune_applications": 0}
    with transaction.atomic():
        volunteer_ids = list(volunteers.values_list("pk", flat=True))
        files = list(
            VolunteerApplication.objects.filter(pk__in=volunteer_ids)
            .exclude(cv="")
            .values_list("cv", flat=True)
        )
        Review.objects.filter(application_id__in=volunteer_ids).update(comment="")
        Interview.objects.filter(application_id__in=volunteer_ids).update(interviewers="", notes="")
        VolunteerApplicationTransition.objects.filter(application_id__in=volunteer_ids).update(
            note=""
        )
        counts["volunteer_applications"] = VolunteerApplication.objects.filter(
            pk__in=volunteer_ids
        ).update(erased_at=now, **VOLUNTEER_ERASED_VALUES)
        commune_ids = list(communes.values_list("pk", flat=True))
        files += list(
            CommuneApplication.objects.filter(pk__in=commune_ids)
            .exclude(support_letter="")
            .values_list("support_letter", flat=True)
        )
        counts["commune_applications"] = CommuneApplication.objects.filter(
            pk__in=commune_ids
        ).update(erased_at=now, **COMMUNE_ERASED_VALUES)
        transaction.on_commit(lambda: _delete_files(files))
    return counts


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)
