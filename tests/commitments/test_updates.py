"""R23, R24, R27, R28: quarterly update and evidence services."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment, Evidence, Milestone, QuarterlyUpdate
from commitments.services import (
    evidence_add,
    update_save_draft,
    update_submit,
    update_window_check,
)
from communes.models import Commune, MembershipStatusChange
from log_portal.errors import ApplicationError
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.communes.factories import UserFactory

pytestmark = pytest.mark.django_db

IN_Q2 = dt.date(2025, 5, 10)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def commitment():
    return CommitmentFactory(status=Commitment.Status.ONGOING, submitted_on=dt.date(2025, 1, 15))


def test_r23_window_accepts_the_quarter_and_its_grace_period(settings):
    settings.UPDATE_GRACE_DAYS = 15
    assert str(update_window_check(year=2025, quarter=1, on=dt.date(2025, 1, 1))) == "2025-Q1"
    assert str(update_window_check(year=2025, quarter=1, on=dt.date(2025, 4, 15))) == "2025-Q1"


def test_r23_window_refuses_after_the_grace_period_with_the_reason(settings):
    settings.UPDATE_GRACE_DAYS = 15
    with pytest.raises(ApplicationError, match="grace period on 2025-04-15"):
        update_window_check(year=2025, quarter=1, on=dt.date(2025, 4, 16))


def test_r23_window_refuses_a_future_quarter_with_the_reason():
    with pytest.raises(ApplicationError, match="from 2025-07-01"):
        update_window_check(year=2025, quarter=3, on=IN_Q2)


def test_r23_draft_outside_the_window_changes_nothing(commitment):
    with pytest.raises(ApplicationError, match="R23"):
        update_save_draft(commitment=commitment, year=2024, quarter=4, by=None, on=IN_Q2)
    assert not QuarterlyUpdate.objects.exists()


def test_r23_saving_the_same_draft_twice_keeps_one_update(commitment):
    # given a form opened with no update yet (version 0), posted twice by a browser retry
    user = UserFactory()
    first = update_save_draft(
        commitment=commitment, year=2025, quarter=2, progress="a", by=user, on=IN_Q2
    )
    # when the second save carries the version returned by the first
    second = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="b",
        by=user,
        expected_version=first.version,
        on=IN_Q2,
    )
    # then
    assert QuarterlyUpdate.objects.count() == 1
    assert second.pk == first.pk
    assert second.progress == "b"
    assert second.version == 2


def test_stale_draft_save_is_refused_and_changes_nothing(commitment):
    # given two people opened the same update at version 1
    update = update_save_draft(
        commitment=commitment, year=2025, quarter=2, progress="mine", by=None, on=IN_Q2
    )
    update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="first writer",
        by=None,
        expected_version=1,
        on=IN_Q2,
    )
    # when the second one saves with the stale version
    with pytest.raises(ApplicationError, match="Someone else saved") as error:
        update_save_draft(
            commitment=commitment,
            year=2025,
            quarter=2,
            progress="second writer",
            by=None,
            expected_version=1,
            on=IN_Q2,
        )
    # then
    assert error.value.field == "version"
    update.refresh_from_db()
    assert update.progress == "first writer"


def test_a_second_blank_form_for_the_same_quarter_is_stale(commitment):
    update_save_draft(commitment=commitment, year=2025, quarter=2, progress="x", by=None, on=IN_Q2)
    with pytest.raises(ApplicationError, match="Someone else saved"):
        update_save_draft(
            commitment=commitment,
            year=2025,
            quarter=2,
            progress="y",
            by=None,
            expected_version=0,
            on=IN_Q2,
        )


def test_r23_only_submitted_or_ongoing_commitments_take_updates():
    draft = CommitmentFactory()
    with pytest.raises(ApplicationError, match="R23"):
        update_save_draft(commitment=draft, year=2025, quarter=2, by=None, on=IN_Q2)


def test_r23_submit_publishes_and_applies_milestone_statuses(commitment):
    milestone = MilestoneFactory(commitment=commitment)
    user = UserFactory()
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="Budget published.",
        completion_level="limited",
        milestone_statuses={milestone.pk: Milestone.Status.IN_PROGRESS},
        by=user,
        on=IN_Q2,
    )
    submitted = update_submit(update=update, by=user, expected_version=update.version, on=IN_Q2)
    assert submitted.status == QuarterlyUpdate.Status.SUBMITTED
    assert submitted.submitted_by == user
    assert submitted.previous_completion_level == "not_started"
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.IN_PROGRESS
    mu = submitted.milestone_updates.get()
    assert (mu.previous_status, mu.new_status) == ("not_started", "in_progress")


def test_r23_submitting_twice_changes_nothing_the_second_time(commitment):
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="p",
        completion_level="limited",
        by=None,
        on=IN_Q2,
    )
    first = update_submit(update=update, by=None, on=IN_Q2)
    again = update_submit(update=update, by=None, expected_version=update.version, on=IN_Q2)
    assert again.version == first.version
    assert QuarterlyUpdate.objects.count() == 1


def test_r23_submit_needs_progress_and_completion_level(commitment):
    update = update_save_draft(commitment=commitment, year=2025, quarter=2, by=None, on=IN_Q2)
    with pytest.raises(ApplicationError, match="describe the progress.*completion level"):
        update_submit(update=update, by=None, on=IN_Q2)
    update.refresh_from_db()
    assert update.status == QuarterlyUpdate.Status.DRAFT


def test_r23_submit_after_the_grace_period_is_refused(commitment, settings):
    settings.UPDATE_GRACE_DAYS = 15
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=1,
        progress="p",
        completion_level="limited",
        by=None,
        on=dt.date(2025, 4, 10),
    )
    with pytest.raises(ApplicationError, match="grace period"):
        update_submit(update=update, by=None, on=dt.date(2025, 4, 16))
    update.refresh_from_db()
    assert update.status == QuarterlyUpdate.Status.DRAFT


def test_a_submitted_update_is_not_changed_by_a_draft_save(commitment):
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="p",
        completion_level="limited",
        by=None,
        on=IN_Q2,
    )
    update_submit(update=update, by=None, on=IN_Q2)
    with pytest.raises(ApplicationError, match="already submitted"):
        update_save_draft(
            commitment=commitment, year=2025, quarter=2, progress="late", by=None, on=IN_Q2
        )
    update.refresh_from_db()
    assert update.progress == "p"


def test_r28_an_update_showing_progress_reactivates_an_inactive_commune(commitment):
    commune = commitment.commune
    commune.membership_status = Commune.MembershipStatus.INACTIVE
    commune.save()
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="p",
        completion_level="substantial",
        by=None,
        on=IN_Q2,
    )
    update_submit(update=update, by=None, on=IN_Q2)
    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.ACTIVE
    assert MembershipStatusChange.objects.get(commune=commune).rule == "R28"


def test_r28_an_update_without_progress_leaves_the_commune_inactive(commitment):
    commune = commitment.commune
    commune.membership_status = Commune.MembershipStatus.INACTIVE
    commune.save()
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=2,
        progress="Nothing moved.",
        completion_level="not_started",
        by=None,
        on=IN_Q2,
    )
    update_submit(update=update, by=None, on=IN_Q2)
    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.INACTIVE


def test_r24_evidence_file_is_attached_to_the_update(commitment):
    update = update_save_draft(commitment=commitment, year=2025, quarter=2, by=None, on=IN_Q2)
    evidence = evidence_add(
        target=update,
        file=SimpleUploadedFile("minutes.pdf", PDF),
        kind=Evidence.Kind.MINUTES,
        title="Minutes",
        dated=IN_Q2,
        by=None,
    )
    assert evidence.update == update
    assert evidence.content_type == "application/pdf"


def test_r24_evidence_html_is_refused_and_nothing_saved(commitment):
    with pytest.raises(ApplicationError) as error:
        evidence_add(
            target=commitment,
            file=SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>"),
            kind=Evidence.Kind.OTHER,
            title="Bad",
            dated=IN_Q2,
            by=None,
        )
    assert error.value.field == "file"
    assert not Evidence.objects.exists()


def test_r24_evidence_needs_a_file_or_a_link_not_both(commitment):
    with pytest.raises(ApplicationError, match="either a file or a link"):
        evidence_add(
            target=commitment,
            kind=Evidence.Kind.OTHER,
            title="Nothing",
            dated=IN_Q2,
            by=None,
        )
    assert not Evidence.objects.exists()
