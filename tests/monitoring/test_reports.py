"""Reports: plan progress, assessment and programme PDFs, rendered by Celery, cached, FR and EN."""

import datetime as dt
import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commitments.models import Milestone
from log_portal.quarters import Quarter
from monitoring.models import Assessment, Report
from monitoring.reports import programme_data
from monitoring.services import assessment_create, report_render, report_request
from tests.commitments.factories import MilestoneFactory
from tests.communes.factories import CommuneFactory, UserFactory
from tests.monitoring.factories import (
    MonitoredPlanFactory,
    engaged_plan,
    file_update,
    ongoing_commitment,
)

Kind = Report.Kind


def pdf_text(report: Report) -> str:
    report.refresh_from_db()
    report.file.open("rb")
    try:
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages)
    finally:
        report.file.close()


@pytest.fixture
def plan():
    monitored = MonitoredPlanFactory(plan=engaged_plan(title="Plan de Rufisque"))
    plan = monitored.plan
    commitment = ongoing_commitment(plan, title="Budget participatif")
    MilestoneFactory(
        commitment=commitment, description="Publier le budget", status=Milestone.Status.COMPLETE
    )
    for quarter in (*(Quarter(2025, n) for n in (1, 2, 3, 4)), Quarter(2026, 1)):
        update = file_update(commitment, quarter)
        update.progress = f"Progress of {quarter}"
        update.save()
    assessment = assessment_create(plan=plan, kind=Assessment.Kind.INITIAL)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.SUBMITTED, summary="Strong co-creation."
    )
    return plan


@pytest.mark.django_db
def test_plan_progress_report_in_english_and_french(plan, queued_reports):
    # when
    english = report_request(kind=Kind.PLAN_PROGRESS, language="en", plan=plan)
    french = report_request(kind=Kind.PLAN_PROGRESS, language="fr", plan=plan)
    assert (english.status, english.progress) == (Report.Status.PENDING, 0)
    report_render(report=english)
    report_render(report=french)
    # then
    text = pdf_text(english)
    for expected in (
        "Plan progress report",
        "Plan de Rufisque",
        "Budget participatif",
        "Publier le budget",
        "Progress of 2026-Q1",
        "Progress of 2025-Q2",
        "Strong co-creation.",
        "15 January 2025",
    ):
        assert expected in text
    assert "Progress of 2025-Q1" not in text  # the last four updates only
    assert "15 janvier 2025" in pdf_text(french)
    english.refresh_from_db()
    assert (english.status, english.progress) == (Report.Status.DONE, 100)


@pytest.mark.django_db
def test_a_report_is_cached_until_its_data_changes(
    plan, queued_reports, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(kind=Kind.PLAN_PROGRESS, language="en", plan=plan)
    report_render(report=report)
    name = Report.objects.get().file.name
    # unchanged data: the same file, nothing queued again
    with django_capture_on_commit_callbacks(execute=True):
        again = report_request(kind=Kind.PLAN_PROGRESS, language="en", plan=plan)
    assert (again.pk, again.status, again.file.name) == (report.pk, Report.Status.DONE, name)
    assert queued_reports == [report.pk]
    # a milestone changes: the report is rendered again
    Milestone.objects.update(status=Milestone.Status.IN_PROGRESS, updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        changed = report_request(kind=Kind.PLAN_PROGRESS, language="en", plan=plan)
    assert changed.status == Report.Status.PENDING
    assert queued_reports == [report.pk, report.pk]


@pytest.mark.django_db
def test_assessment_report_only_for_a_submitted_assessment(plan):
    from log_portal.errors import ApplicationError

    assessment = plan.assessments.get()
    report = report_request(kind=Kind.ASSESSMENT, language="en", assessment=assessment)
    report_render(report=report)
    text = pdf_text(report)
    assert "Initial assessment" in text
    assert "Strong co-creation." in text
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DRAFT)
    assessment.refresh_from_db()
    with pytest.raises(ApplicationError, match="submitted"):
        report_request(kind=Kind.ASSESSMENT, language="fr", assessment=assessment)


@pytest.mark.django_db
def test_programme_report_per_country_and_commune(plan):
    CommuneFactory(member=True, name="Labé", country="GN")
    plan.coordinating_commune.name = "Rufisque"
    plan.coordinating_commune.save()
    report = report_request(kind=Kind.PROGRAMME, language="en")
    report_render(report=report)
    text = pdf_text(report)
    assert "Programme report" in text
    assert "Senegal" in text
    assert "Guinea" in text
    assert "Labé" in text
    assert plan.coordinating_commune.name in text


@pytest.mark.django_db
def test_r20_a_joint_plans_shared_commitments_count_for_each_of_its_communes():
    # given a joint plan of two communes: one shared commitment, one of the first commune only
    first = CommuneFactory(member=True, name="Rufisque")
    second = CommuneFactory(member=True, name="Bargny")
    plan = engaged_plan(coordinating_commune=first, communes=[first, second])
    shared = ongoing_commitment(plan, commune=None)
    own = ongoing_commitment(plan, commune=first)
    MilestoneFactory(commitment=shared, status=Milestone.Status.COMPLETE)
    MilestoneFactory(commitment=own, status=Milestone.Status.NOT_STARTED)
    file_update(shared, Quarter(2025, 4))
    # when
    data = programme_data(on=dt.date(2026, 1, 16))
    # then
    rows = {row["commune"].name: row for c in data["countries"] for row in c["rows"]}
    assert (rows["Rufisque"]["commitments_total"], rows["Bargny"]["commitments_total"]) == (2, 1)
    assert rows["Bargny"]["commitments"] == {"ongoing": 1}
    assert (rows["Rufisque"]["milestones_complete"], rows["Rufisque"]["milestones_total"]) == (1, 2)
    assert (rows["Bargny"]["milestones_complete"], rows["Bargny"]["milestones_total"]) == (1, 1)
    assert rows["Rufisque"]["updates"][-1] == rows["Bargny"]["updates"][-1] == 1


@pytest.mark.django_db
def test_programme_data_query_count_does_not_grow_with_communes(plan):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            programme_data(on=dt.date(2026, 1, 16))
        return len(queries)

    few = count()
    for _ in range(5):
        ongoing_commitment(engaged_plan())
    assert count() == few


@pytest.mark.django_db
def test_report_pages_public_for_plans_staff_only_for_the_programme(client, plan):
    response = client.post(
        reverse("monitoring:report-plan", kwargs={"plan_pk": plan.pk}), {"language": "en"}
    )
    report = Report.objects.get()
    assert response.url == reverse("monitoring:report-detail", kwargs={"pk": report.pk})
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"<progress" in page.content
    report_render(report=report)
    download = client.get(reverse("monitoring:report-download", kwargs={"pk": report.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    # the programme report is for staff
    assert client.post(reverse("monitoring:report-programme"), {"language": "en"}).status_code in (
        302,
        404,
    )
    assert not Report.objects.filter(kind=Kind.PROGRAMME).exists()
    client.force_login(UserFactory())
    assert (
        client.post(reverse("monitoring:report-programme"), {"language": "en"}).status_code == 404
    )
    programme = report_request(kind=Kind.PROGRAMME, language="en")
    assert (
        client.get(reverse("monitoring:report-detail", kwargs={"pk": programme.pk})).status_code
        == 404
    )
    client.force_login(UserFactory(staff=True))
    assert (
        client.get(reverse("monitoring:report-detail", kwargs={"pk": programme.pk})).status_code
        == 200
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_a_requested_report(celery_worker_process, client):
    plan = MonitoredPlanFactory(plan=engaged_plan(title="Plan de Labé")).plan
    client.post(reverse("monitoring:report-plan", kwargs={"plan_pk": plan.pk}), {"language": "fr"})
    report = Report.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (Report.Status.DONE, Report.Status.FAILED):
            break
        time.sleep(0.5)
    assert report.status == Report.Status.DONE
    assert "Plan de Labé" in pdf_text(report)
