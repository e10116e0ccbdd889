"""R42, R26: the monitoring body's workspace, the commune's right of reply, staff lists."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from monitoring.models import Assessment, CommitmentAssessment
from monitoring.services import (
    assessment_create,
    assessments_open_due,
    overdue_assessments_notify,
)
from tests.commitments.factories import CommitmentFactory
from tests.communes.factories import UserFactory
from tests.monitoring.factories import MonitoredPlanFactory, MonitoringBodyFactory

pytestmark = pytest.mark.django_db
Kind = Assessment.Kind


@pytest.fixture
def body_member():
    user = UserFactory()
    monitored = MonitoredPlanFactory()
    monitored.body.members.add(user)
    CommitmentFactory(plan=monitored.plan, status="ongoing", title="Budget ouvert")
    user.monitored = monitored
    return user


@pytest.fixture
def member_client(client, body_member):
    client.force_login(body_member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_r42_member_sees_the_plans_of_its_body_with_what_is_due(member_client, body_member):
    other = MonitoredPlanFactory()
    response = member_client.get(reverse("monitoring:plan-list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(body_member.monitored.plan.title) in text
    assert escape(other.plan.title) not in text
    assert "15 March 2025" in text  # R26: initial assessment 2 months after submission
    assert "31 January 2026" in text  # end of commitment (31 Dec 2025) + 1 month


def test_r42_plan_list_query_count_does_not_grow(
    member_client, body_member, django_assert_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(reverse("monitoring:plan-list")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        monitored = MonitoredPlanFactory(body=body_member.monitored.body)
        CommitmentFactory(plan=monitored.plan, status="ongoing")
    assert count() == few


@pytest.mark.parametrize(
    "url_name",
    ["monitoring:plan-detail", "monitoring:assessment-edit", "monitoring:assessment-reply"],
)
def test_r42_a_member_of_another_body_gets_404(client, body_member, url_name):
    assessment = assessment_create(plan=body_member.monitored.plan, kind=Kind.INITIAL)
    stranger = UserFactory()
    MonitoringBodyFactory().members.add(stranger)
    client.force_login(stranger)
    kwargs = (
        {"plan_pk": assessment.plan_id}
        if url_name == "monitoring:plan-detail"
        else {"pk": assessment.pk}
    )
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 404


def test_r42_a_forged_post_from_another_body_changes_nothing(client, body_member):
    assessment = assessment_create(plan=body_member.monitored.plan, kind=Kind.INITIAL)
    stranger = UserFactory()
    client.force_login(stranger)
    for name in ("assessment-edit", "assessment-share", "assessment-submit"):
        response = client.post(
            reverse(f"monitoring:{name}", kwargs={"pk": assessment.pk}), {"summary": "Forged"}
        )
        assert response.status_code == 404
    response = client.post(
        reverse("monitoring:plan-detail", kwargs={"plan_pk": assessment.plan_id}),
        {"kind": "final_learning"},
    )
    assert response.status_code == 404
    assessment.refresh_from_db()
    assert (assessment.summary, assessment.status) == ("", Assessment.Status.DRAFT)
    assert Assessment.objects.count() == 1


def test_r26_full_journey_draft_reply_submit_publish(member_client, body_member, settings):
    client = Client()  # the commune's browser, beside the member's
    settings.ASSESSMENT_REPLY_DAYS = 15
    plan = body_member.monitored.plan
    commitment = plan.commitments.get()
    # the member starts the initial assessment
    response = member_client.post(
        reverse("monitoring:plan-detail", kwargs={"plan_pk": plan.pk}), {"kind": "initial"}
    )
    assessment = Assessment.objects.get(plan=plan, kind=Kind.INITIAL)
    assert response.url == reverse("monitoring:assessment-edit", kwargs={"pk": assessment.pk})
    # saves a draft with the R19 findings and the commitment's judgement
    prefix = f"c{commitment.pk}"
    response = member_client.post(
        response.url,
        {
            "summary": "Solid co-creation.",
            "recommended_practices": "Publish minutes.",
            "forum_met": "on",
            "forum_notes": "Monthly forum.",
            f"{prefix}-is_relevant": "on",
            f"{prefix}-is_verifiable": "on",
            f"{prefix}-potential_impact": "substantial",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Solid co-creation."
    assert assessment.co_creation_findings["forum"] == {"met": True, "notes": "Monthly forum."}
    assert assessment.co_creation_findings["endorsement"]["met"] is False
    judgement = CommitmentAssessment.objects.get(assessment=assessment)
    assert (judgement.is_relevant, judgement.potential_impact) == (True, "substantial")
    # submitting before the commune had its say is refused
    member_client.post(reverse("monitoring:assessment-submit", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    # shares it: the commune may reply for 15 days
    member_client.post(reverse("monitoring:assessment-share", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REPLY
    assert assessment.reply_until == timezone.localdate() + dt.timedelta(days=15)
    member_client.post(reverse("monitoring:assessment-submit", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REPLY  # the reply period is still open
    # the point of contact replies
    contact = UserFactory()
    commune = plan.coordinating_commune
    commune.point_of_contact = contact
    commune.save()
    client.force_login(contact)
    reply_url = reverse("monitoring:assessment-reply", kwargs={"pk": assessment.pk})
    assert "Solid co-creation." in client.get(reply_url).content.decode()
    assert client.post(reply_url, {"commune_reply": "We agree."}).status_code == 302
    # the member submits: locked and published with the reply
    member_client.post(reverse("monitoring:assessment-submit", kwargs={"pk": assessment.pk}))
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    response = member_client.post(
        reverse("monitoring:assessment-edit", kwargs={"pk": assessment.pk}), {"summary": "Late"}
    )
    assessment.refresh_from_db()
    assert assessment.summary == "Solid co-creation."
    public = client.get(reverse("monitoring:assessment-detail", kwargs={"pk": assessment.pk}))
    text = public.content.decode()
    assert "Solid co-creation." in text
    assert "We agree." in text


def test_r26_invalid_draft_keeps_what_was_typed_and_changes_nothing(member_client, body_member):
    monitored = body_member.monitored
    commitment = monitored.plan.commitments.get()
    assessment = assessment_create(
        plan=monitored.plan, kind=Kind.END_OF_COMMITMENT, commitment=commitment
    )
    response = member_client.post(
        reverse("monitoring:assessment-edit", kwargs={"pk": assessment.pk}),
        {"summary": "Typed text", "completion_level": "everything"},
    )
    assert response.status_code == 400
    assert "Typed text" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.summary, assessment.completion_level) == ("", "")


def test_r26_draft_of_an_assessment_not_shared_is_hidden_from_the_public_and_the_commune(
    client, body_member
):
    assessment = assessment_create(plan=body_member.monitored.plan, kind=Kind.INITIAL)
    assert (
        client.get(
            reverse("monitoring:assessment-detail", kwargs={"pk": assessment.pk})
        ).status_code
        == 404
    )
    contact = UserFactory()
    commune = assessment.plan.coordinating_commune
    commune.point_of_contact = contact
    commune.save()
    client.force_login(contact)
    assert (
        client.get(reverse("monitoring:assessment-reply", kwargs={"pk": assessment.pk})).status_code
        == 404
    )


def test_r26_overdue_list_is_for_staff_only(client, body_member):
    assessment_create(plan=body_member.monitored.plan, kind=Kind.INITIAL)  # due 15 Mar 2025
    client.force_login(body_member)
    assert client.get(reverse("monitoring:overdue-list")).status_code == 404
    client.force_login(UserFactory(staff=True))
    response = client.get(reverse("monitoring:overdue-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert body_member.monitored.body.name in response.content.decode()


def test_r26_due_assessments_are_opened_and_overdue_ones_emailed_once(body_member):
    on = dt.date(2026, 3, 1)
    assert assessments_open_due(on=on) == 2  # initial and the ended commitment's
    assert assessments_open_due(on=on) == 0
    assert overdue_assessments_notify(on=on) == 1
    assert overdue_assessments_notify(on=on) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [body_member.monitored.body.contact_email]
    assert "2025-03-15" in message.body
    assert "2026-01-31" in message.body


def test_staff_reopen_with_a_reason_in_the_admin(admin_client_en, body_member):
    assessment = assessment_create(plan=body_member.monitored.plan, kind=Kind.INITIAL)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    url = reverse("admin:monitoring_assessment_changelist")
    data = {"action": "reopen", "_selected_action": [assessment.pk]}
    # without a reason: the form asks for one, nothing changes
    response = admin_client_en.post(url, data)
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    admin_client_en.post(url, {**data, "reason": "Evidence missing"})
    assessment.refresh_from_db()
    assert (assessment.status, assessment.reopened_reason) == ("reopened", "Evidence missing")
