"""Reads for staff: the selection dashboard (R5, R6) and the changelist ranking."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from communes.models import Call, CommuneApplication
from log_portal.models import User
from volunteers.models import Review, VolunteerApplication
from volunteers.permissions import can_see_all_scores

VStatus = VolunteerApplication.Status
# "Preselected" on the dashboard counts everyone who reached preselection (R5), even if they
# moved on since (interviewed, waitlisted, selected or rejected after the interview).
PRESELECTED_OR_BEYOND = (
    VStatus.PRESELECTED,
    VStatus.INTERVIEWED,
    VStatus.WAITLISTED,
    VStatus.SELECTED,
)
REVIEWABLE = (VStatus.ELIGIBLE, VStatus.PRESELECTED)


def volunteer_application_list(*, user: User) -> QuerySet[VolunteerApplication]:
    """R5: applications with mean score, review count, whether ``user`` reviewed them, and
    whether ``user`` may see the scores (their own review submitted, or a coordinator)."""
    reviewed = Exists(Review.objects.filter(application=OuterRef("pk"), reviewer_id=user.pk))
    return (
        VolunteerApplication.objects.with_scores()
        .select_related("call")
        .annotate(
            reviewed_by_me=reviewed,
            scores_visible=Value(True) if can_see_all_scores(user) else reviewed,
        )
    )


def selection_dashboard(*, calls: QuerySet[Call] | None = None) -> list[dict]:
    """R5, R6: per call, counts per status, gender and country balance, reviews still missing.

    Seven queries whatever the number of calls and applications: every count is grouped by call.
    """
    calls = list((calls or Call.objects.all()).select_related("cohort").order_by("-opens_at"))
    call_ids = [call.pk for call in calls]
    volunteer_status = _grouped(VolunteerApplication.objects.filter(call_id__in=call_ids), "status")
    commune_status = _grouped(CommuneApplication.objects.filter(call_id__in=call_ids), "status")
    preselected = VolunteerApplication.objects.filter(
        call_id__in=call_ids, status__in=PRESELECTED_OR_BEYOND
    )
    selected = VolunteerApplication.objects.filter(call_id__in=call_ids, status=VStatus.SELECTED)
    balance = {
        "preselected_gender": _grouped(preselected, "gender"),
        "preselected_country": _grouped(preselected, "nationality"),
        "selected_gender": _grouped(selected, "gender"),
        "selected_country": _grouped(selected, "nationality"),
    }
    wanted = settings.REVIEWS_PER_APPLICATION
    review_count = (
        Review.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    missing_rows = (
        VolunteerApplication.objects.filter(call_id__in=call_ids, status__in=REVIEWABLE)
        .annotate(reviews_done=Coalesce(Subquery(review_count, output_field=IntegerField()), 0))
        .filter(reviews_done__lt=wanted)
        .annotate(reviews_missing=Value(wanted) - Coalesce("reviews_done", 0))
        .order_by()
        .values("call_id")
        .annotate(applications=Count("pk"), reviews=Sum("reviews_missing"))
    )
    missing = {row["call_id"]: row for row in missing_rows}
    gender_labels = dict(VolunteerApplication.Gender.choices)
    result = []
    for call in calls:
        statuses = (
            VolunteerApplication.Status
            if call.kind == Call.Kind.VOLUNTEER
            else CommuneApplication.Status
        )
        counts = volunteer_status if call.kind == Call.Kind.VOLUNTEER else commune_status
        by_status = counts.get(call.pk, {})
        entry = {
            "call": call,
            "total": sum(by_status.values()),
            "statuses": [(label, by_status.get(value, 0)) for value, label in statuses.choices],
        }
        if call.kind == Call.Kind.VOLUNTEER:
            for key, grouped in balance.items():
                rows = grouped.get(call.pk, {})
                if key.endswith("gender"):
                    entry[key] = [(gender_labels.get(k, k or "-"), n) for k, n in rows.items()]
                else:
                    entry[key] = sorted(rows.items(), key=lambda item: -item[1])
            row = missing.get(call.pk, {})
            entry["missing_applications"] = row.get("applications", 0)
            entry["missing_reviews"] = row.get("reviews", 0)
        result.append(entry)
    return result


def _grouped(queryset, field: str) -> dict[int, dict[str, int]]:
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    for row in queryset.order_by().values("call_id", field).annotate(n=Count("pk")):
        grouped[row["call_id"]][row[field]] = row["n"]
    return grouped
