"""Writes with a rule: commune application pipeline (R3, R6), membership status (R10), grants."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import (
    Call,
    Commune,
    CommuneApplication,
    CommuneApplicationTransition,
    MembershipGrant,
    MembershipStatusChange,
)
from log_portal.errors import ApplicationError
from log_portal.models import User


def application_error_from(exc: ValidationError) -> ApplicationError:
    """Turn the first message of a model ValidationError into the ApplicationError services raise."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        return ApplicationError(errors[0].messages[0], field=None if field == "__all__" else field)
    return ApplicationError(exc.messages[0])


def full_clean_or_raise(instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise application_error_from(exc) from exc


@transaction.atomic
def commune_application_transition(
    *,
    application: CommuneApplication,
    to_status: str,
    by: User | None,
    note: str = "",
) -> CommuneApplicationTransition:
    """R6: move an application along its pipeline and record who, when, from, to and why.

    R3: an application with missing answers cannot be complete or preselected.
    R6: an application is marked *videoconference held* only once a videoconference is recorded.
    """
    application = CommuneApplication.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    Status = CommuneApplication.Status
    if to_status not in CommuneApplication.ALLOWED_TRANSITIONS.get(from_status, set()):
        raise ApplicationError(
            _("A commune application cannot go from %(from)s to %(to)s.")
            % {"from": Status(from_status).label, "to": choice_label(Status, to_status)}
        )
    if to_status in (Status.COMPLETE, Status.PRESELECTED) and not application.is_complete():
        raise ApplicationError(
            _("This application is incomplete (missing: %(fields)s).")
            % {"fields": ", ".join(_field_labels(application, application.missing_answers()))}
        )
    if to_status == Status.VIDEOCONFERENCE_HELD and not application.videoconferences.exists():
        raise ApplicationError(_("Record the videoconference first."))
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    return CommuneApplicationTransition.objects.create(
        application=application, from_status=from_status, to_status=to_status, by=by, note=note
    )


def commune_application_screen(
    *, application: CommuneApplication, by: User | None = None
) -> CommuneApplicationTransition:
    """R3: a submitted application becomes complete, or incomplete when an answer is missing."""
    Status = CommuneApplication.Status
    if application.is_complete():
        return commune_application_transition(
            application=application, to_status=Status.COMPLETE, by=by
        )
    note = _("Missing: %(fields)s") % {
        "fields": ", ".join(_field_labels(application, application.missing_answers()))
    }
    return commune_application_transition(
        application=application, to_status=Status.INCOMPLETE, by=by, note=note
    )


def call_check_open(*, call: Call, on: dt.date | None = None) -> None:
    """R2: applications are accepted only while the call is open (both days included)."""
    day = on or timezone.localdate()
    if day < call.opens_at:
        raise ApplicationError(
            _("This call opens on %(date)s: applications are not accepted yet.")
            % {"date": call.opens_at.isoformat()}
        )
    if day > call.closes_at:
        raise ApplicationError(
            _("This call closed on %(date)s: applications are no longer accepted.")
            % {"date": call.closes_at.isoformat()}
        )


def application_receipt_send(*, to: str, call: Call, receipt_number: str, name: str) -> None:
    """R45: e-mail the applicant their receipt number (after the application is committed)."""
    context = {"call": call, "receipt_number": receipt_number, "name": name}
    send_mail(
        subject=_("Your application to %(call)s: receipt %(receipt)s")
        % {"call": call.title, "receipt": receipt_number},
        message=render_to_string("communes/email/receipt.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
        fail_silently=True,  # the application is saved: a mail outage must not lose it
    )


def application_invitation_send(
    *, to: str, name: str, what: str, message: str, receipt: str
) -> None:
    """R5, R6: e-mail an invitation to the interview or the videoconference."""
    context = {"name": name, "what": what, "message": message, "receipt_number": receipt}
    send_mail(
        subject=_("Invitation: %(what)s") % {"what": what},
        message=render_to_string("communes/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
        fail_silently=True,
    )


@transaction.atomic
def commune_application_invite(
    *, application: CommuneApplication, by: User | None, message: str = ""
) -> CommuneApplicationTransition:
    """R6: invite a preselected commune (mayor, staff, civil society) to the videoconference.

    The status does not change; the invitation is recorded in the audit trail with its message.
    """
    application = CommuneApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != CommuneApplication.Status.PRESELECTED:
        raise ApplicationError(_("Only a preselected commune is invited to the videoconference."))
    if not application.contact_email:
        raise ApplicationError(_("This application has no contact e-mail."))
    application.invited_at = timezone.now()
    application.save(update_fields=["invited_at", "updated_at"])
    what = _("videoconference with the Local Open GovLab")
    data = (application.contact_email, application.contact_name, application.receipt_number)
    transaction.on_commit(
        lambda: application_invitation_send(
            to=data[0], name=data[1], what=what, message=message, receipt=data[2]
        )
    )
    return CommuneApplicationTransition.objects.create(
        application=application,
        from_status=application.status,
        to_status=application.status,
        by=by,
        note=_("Invited to the videoconference.") + (f" {message}" if message else ""),
    )


@transaction.atomic
def commune_application_submit(
    *, application: CommuneApplication, on: dt.date | None = None
) -> CommuneApplication:
    """R2, R3: save an application to an open call, check its completeness, e-mail the receipt."""
    call_check_open(call=application.call, on=on)
    application.status = CommuneApplication.Status.SUBMITTED
    full_clean_or_raise(application)
    application.save()
    commune_application_screen(application=application)
    application.refresh_from_db(fields=["status"])
    if application.contact_email:
        receipt = (application.contact_email, application.call, application.receipt_number)
        transaction.on_commit(
            lambda: application_receipt_send(
                to=receipt[0],
                call=receipt[1],
                receipt_number=receipt[2],
                name=application.contact_name,
            )
        )
    return application


def _refuse_unless_allowed(from_status: str, to_status: str) -> None:
    """R10: only the transitions of ``Commune.MEMBERSHIP_TRANSITIONS``."""
    if to_status not in Commune.MEMBERSHIP_TRANSITIONS.get(from_status, set()):
        Status = Commune.MembershipStatus
        raise ApplicationError(
            _("A membership cannot go from %(from)s to %(to)s.")
            % {"from": Status(from_status).label, "to": choice_label(Status, to_status)}
        )


@transaction.atomic
def membership_status_change(
    *,
    commune: Commune,
    to_status: str,
    on: dt.date,
    rule: str,
    reason: str,
    by: User | None = None,
) -> MembershipStatusChange | None:
    """R10: set a commune's membership status and keep the change with its date and reason.

    Returns None and writes nothing when the status is already ``to_status`` (R30: idempotent).
    """
    commune_row = Commune.objects.select_for_update().get(pk=commune.pk)
    from_status = commune_row.membership_status
    if from_status == to_status:
        return None
    _refuse_unless_allowed(from_status, to_status)
    change = MembershipStatusChange(
        commune=commune_row,
        from_status=from_status,
        to_status=to_status,
        effective_on=on,
        rule=rule,
        reason=reason,
        changed_by=by,
    )
    full_clean_or_raise(change)
    commune_row.membership_status = to_status
    commune_row.membership_status_since = on
    commune_row.save(update_fields=["membership_status", "membership_status_since", "updated_at"])
    change.save()
    # Keep the caller's object in step with the database.
    commune.membership_status = to_status
    commune.membership_status_since = on
    return change


@transaction.atomic
def membership_status_change_many(
    *,
    changes: Sequence[tuple[Commune, str, str, str]],
    on: dt.date,
    by: User | None = None,
) -> list[MembershipStatusChange]:
    """R10, R30: apply many ``(commune, to_status, rule, reason)`` changes with bounded queries.

    For the inactivity check: one INSERT of the audit rows and one UPDATE per target status,
    whatever the number of communes. The caller holds the communes' rows locked
    (``select_for_update``) so their ``membership_status`` is current. A commune already in its
    target status is skipped (idempotent); a transition R10 does not allow raises and writes
    nothing.
    """
    rows: list[MembershipStatusChange] = []
    for commune, to_status, rule, reason in changes:
        from_status = commune.membership_status
        if from_status == to_status:
            continue
        _refuse_unless_allowed(from_status, to_status)
        change = MembershipStatusChange(
            commune=commune,
            from_status=from_status,
            to_status=to_status,
            effective_on=on,
            rule=rule,
            reason=reason,
            changed_by=by,
        )
        # Field checks only: the foreign keys are the locked rows themselves and the one
        # table constraint (the status changes) was checked above; both would cost a query.
        try:
            change.full_clean(exclude=["commune", "changed_by"], validate_constraints=False)
        except ValidationError as error:
            raise ApplicationError.from_validation_error(error) from error
        rows.append(change)
    if not rows:
        return []
    MembershipStatusChange.objects.bulk_create(rows)
    by_status: dict[str, list[int]] = defaultdict(list)
    for change in rows:
        by_status[change.to_status].append(change.commune_id)
    now = timezone.now()
    for to_status, commune_ids in by_status.items():
        Commune.objects.filter(pk__in=commune_ids).update(
            membership_status=to_status, membership_status_since=on, updated_at=now
        )
    for change in rows:  # keep the callers' objects in step with the database
        change.commune.membership_status = change.to_status
        change.commune.membership_status_since = on
    return rows


@transaction.atomic
def membership_grant_create(
    *,
    commune: Commune,
    kind: str,
    reason: str,
    by: User | None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    new_deadline: dt.date | None = None,
) -> MembershipGrant:
    """R27: record a staff grant; an extension moves the commune's first plan deadline."""
    grant = MembershipGrant(
        commune=commune,
        kind=kind,
        reason=reason,
        granted_by=by,
        starts_on=starts_on,
        ends_on=ends_on,
        new_deadline=new_deadline,
    )
    full_clean_or_raise(grant)
    membership_grant_check(grant=grant)
    if grant.kind == MembershipGrant.Kind.DEADLINE_EXTENSION:
        commune.first_plan_deadline = grant.new_deadline
        commune.save(update_fields=["first_plan_deadline", "updated_at"])
    grant.save()
    return grant


def membership_grant_check(*, grant: MembershipGrant) -> None:
    """R27: an extension moves the deadline later; voluntary inactivity periods do not overlap."""
    if grant.kind == MembershipGrant.Kind.DEADLINE_EXTENSION:
        current = grant.commune.first_plan_deadline
        if current and grant.new_deadline <= current:
            raise ApplicationError(
                _("An extension must move the deadline later than %(date)s.")
                % {"date": current.isoformat()},
                field="new_deadline",
            )
    elif (
        MembershipGrant.objects.filter(commune=grant.commune)
        .overlapping(grant.starts_on, grant.ends_on)
        .exclude(pk=grant.pk)
        .exists()
    ):
        raise ApplicationError(
            _("This period overlaps another voluntary inactivity of the commune."),
            field="starts_on",
        )


def choice_label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _field_labels(instance, names: list[str]) -> list[str]:
    return [str(instance._meta.get_field(name).verbose_name) for name in names]
