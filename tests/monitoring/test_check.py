"""R30: the check over every member, its idempotency, its query budget and its command."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communes.models import Commune, MembershipStatusChange
from log_portal.quarters import Quarter
from monitoring.models import InactivityCheckRun
from monitoring.services import inactivity_check_run
from tests.commitments.factories import MilestoneUpdateFactory
from tests.communes.factories import CommuneFactory
from tests.monitoring.factories import engaged_plan, file_update, ongoing_commitment

Status = Commune.MembershipStatus
OCT_16 = dt.date(2025, 10, 16)
Q2, Q3 = Quarter(2025, 2), Quarter(2025, 3)


def make_member(*, filing: bool) -> Commune:
    """An engaged member; ``filing`` members filed updates with progress for 2025-Q2 and Q3."""
    plan = engaged_plan()
    commitment = ongoing_commitment(plan)
    if filing:
        file_update(commitment, Q2)
        MilestoneUpdateFactory(update=file_update(commitment, Q3, progress=False))
    return plan.coordinating_commune


@pytest.mark.django_db
def test_r30_the_check_records_each_change_with_date_rule_and_reason(
    queued_letters, django_capture_on_commit_callbacks
):
    # given
    late = make_member(filing=False)
    good = make_member(filing=True)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        run = inactivity_check_run(as_of=OCT_16)
    # then
    late.refresh_from_db()
    good.refresh_from_db()
    assert (late.membership_status, late.membership_status_since) == (Status.INACTIVE, OCT_16)
    assert good.membership_status == Status.ACTIVE
    change = MembershipStatusChange.objects.get()
    assert (change.commune, change.from_status, change.to_status) == (late, "active", "inactive")
    assert (change.effective_on, change.rule, change.changed_by) == (OCT_16, "R27d", None)
    assert "No quarterly update was filed for 2025-Q2 and 2025-Q3" in change.reason
    assert (run.communes_checked, run.status_changes, run.counts) == (2, 1, {"R27d": 1})
    assert run.finished_at is not None
    assert queued_letters == [change.pk]


@pytest.mark.django_db
def test_r30_running_twice_for_the_same_date_changes_and_sends_nothing_more(
    queued_letters, django_capture_on_commit_callbacks
):
    make_member(filing=False)
    probation = make_member(filing=False)
    Commune.objects.filter(pk=probation.pk).update(
        membership_status=Status.PROBATION, membership_status_since=dt.date(2025, 6, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        inactivity_check_run(as_of=OCT_16)
    changes = list(MembershipStatusChange.objects.values_list("pk", "to_status"))
    assert sorted(s for _pk, s in changes) == ["inactive", "revoked"]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        second = inactivity_check_run(as_of=OCT_16)
    # then
    assert second.status_changes == 0
    assert list(MembershipStatusChange.objects.values_list("pk", "to_status")) == changes
    assert len(queued_letters) == 2


@pytest.mark.django_db
def test_r30_the_check_walks_members_in_batches():
    members = [make_member(filing=False) for _ in range(3)]
    run = inactivity_check_run(as_of=OCT_16, batch_size=2)
    assert run.communes_checked == 3
    assert set(
        Commune.objects.filter(pk__in=[m.pk for m in members]).values_list(
            "membership_status", flat=True
        )
    ) == {Status.INACTIVE}


@pytest.mark.django_db
def test_r30_dry_run_changes_nothing(queued_letters):
    late = make_member(filing=False)
    run = inactivity_check_run(as_of=OCT_16, dry_run=True)
    late.refresh_from_db()
    assert late.membership_status == Status.ACTIVE
    assert not MembershipStatusChange.objects.exists()
    assert (run.dry_run, run.status_changes, run.letters) == (True, 1, 0)
    assert queued_letters == []


@pytest.mark.django_db
def test_r30_not_members_and_revoked_are_not_checked():
    CommuneFactory()  # not a member
    CommuneFactory(membership_status=Status.REVOKED, first_plan_deadline=dt.date(2020, 1, 1))
    run = inactivity_check_run(as_of=OCT_16)
    assert run.communes_checked == 0
    assert not MembershipStatusChange.objects.exists()


def _queries_of_check(count: int, *, filing: bool, dry_run: bool) -> int:
    for _ in range(count):
        make_member(filing=filing)
    with CaptureQueriesContext(connection) as queries:
        inactivity_check_run(as_of=OCT_16, dry_run=dry_run)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("filing", "dry_run"), [(True, False), (False, True), (False, False)])
def test_r30_the_check_reads_and_changes_members_with_a_constant_number_of_queries(filing, dry_run):
    # given 5 members, then 25 more (not filing: every one of them changes status)
    few = _queries_of_check(5, filing=filing, dry_run=dry_run)
    InactivityCheckRun.objects.all().delete()
    Commune.objects.update(membership_status=Status.ACTIVE)  # so the first five change again
    many = _queries_of_check(25, filing=filing, dry_run=dry_run)
    # then
    assert Commune.objects.members().count() == 30
    if not (filing or dry_run):
        assert MembershipStatusChange.objects.filter(effective_on=OCT_16).count() == 5 + 30
    assert few == many
    assert few <= 20


@pytest.mark.django_db(transaction=True)
def test_r30_two_concurrent_runs_do_not_double_anything():
    members = [make_member(filing=False) for _ in range(6)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run():
        try:
            start.wait()
            inactivity_check_run(as_of=OCT_16)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert MembershipStatusChange.objects.count() == len(members)
    assert set(MembershipStatusChange.objects.values_list("commune_id", flat=True)) == {
        m.pk for m in members
    }
    assert sum(InactivityCheckRun.objects.values_list("status_changes", flat=True)) == len(members)


@pytest.mark.django_db
def test_r30_command_prints_each_member_before_after_and_rule():
    late = make_member(filing=False)
    good = make_member(filing=True)
    out = io.StringIO()
    call_command("check_inactivity", "--as-of", "2025-10-16", stdout=out)
    text = out.getvalue()
    assert f"{late.name} [{late.pk}]: active -> inactive (R27d:" in text
    assert f"{good.name} [{good.pk}]: active == active" in text
    assert "2 members checked, 1 status changes" in text


@pytest.mark.django_db
def test_r30_command_dry_run_changes_nothing():
    late = make_member(filing=False)
    out = io.StringIO()
    call_command("check_inactivity", "--as-of", "2025-10-16", "--dry-run", stdout=out)
    assert "active -> inactive (R27d:" in out.getvalue()
    late.refresh_from_db()
    assert late.membership_status == Status.ACTIVE
    assert not MembershipStatusChange.objects.exists()


@pytest.mark.django_db
def test_r30_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_inactivity", "--as-of", "16/10/2025")


@pytest.mark.django_db
def test_r28_reactivation_by_an_update_then_the_check_keeps_the_member_active(queued_letters):
    from commitments.services import update_save_draft, update_submit
    from monitoring.services import status_change_letters_queue_missing

    # given an inactive member (no update for 2025-Q2)
    plan = engaged_plan()
    commitment = ongoing_commitment(plan)
    commune = plan.coordinating_commune
    Commune.objects.filter(pk=commune.pk).update(
        membership_status=Status.INACTIVE, membership_status_since=dt.date(2025, 7, 16)
    )
    # when it files an update with progress for 2025-Q3 within the grace period (R28)
    update = update_save_draft(
        commitment=commitment,
        year=2025,
        quarter=3,
        progress="Budget published.",
        completion_level="limited",
        by=None,
        on=dt.date(2025, 10, 10),
    )
    update_submit(update=update, by=None, on=dt.date(2025, 10, 10))
    commune.refresh_from_db()
    assert commune.membership_status == Status.ACTIVE
    # then the check of 16 October leaves it active
    QuarterlyUpdate = update.__class__
    QuarterlyUpdate.objects.filter(pk=update.pk).update(
        submitted_at=dt.datetime(2025, 10, 10, 9, tzinfo=dt.UTC)
    )
    run = inactivity_check_run(as_of=OCT_16)
    commune.refresh_from_db()
    assert (commune.membership_status, run.status_changes) == (Status.ACTIVE, 0)
    # and the R28 change, made outside the check, still gets its letter (once queued)
    r28 = MembershipStatusChange.objects.get(commune=commune, rule="R28")
    assert status_change_letters_queue_missing() == 1
    assert queued_letters == [r28.pk]


@pytest.mark.django_db
def test_r30_a_crash_half_way_leaves_no_member_half_changed(monkeypatch):
    import monitoring.services as services_module

    first, second, third = (make_member(filing=False) for _ in range(3))
    real = services_module.membership_status_change_many

    def crash_on_second_batch(**kwargs):
        changes = real(**kwargs)  # written, then the worker dies before the commit
        if any(commune.pk == third.pk for commune, *_rest in kwargs["changes"]):
            raise RuntimeError("worker lost")
        return changes

    monkeypatch.setattr(services_module, "membership_status_change_many", crash_on_second_batch)
    # when the second batch (the third member) crashes after writing
    with pytest.raises(RuntimeError):
        inactivity_check_run(as_of=OCT_16, batch_size=2)
    # then the first batch is done, nothing of the second is: no status without its audit row
    statuses = dict(Commune.objects.values_list("pk", "membership_status"))
    assert [statuses[m.pk] for m in (first, second)] == [Status.INACTIVE, Status.INACTIVE]
    assert statuses[third.pk] == Status.ACTIVE
    assert sorted(MembershipStatusChange.objects.values_list("commune_id", flat=True)) == [
        first.pk,
        second.pk,
    ]
    # and the next run finishes the work without doubling the first batch's changes
    monkeypatch.setattr(services_module, "membership_status_change_many", real)
    inactivity_check_run(as_of=OCT_16, batch_size=2)
    assert sorted(MembershipStatusChange.objects.values_list("commune_id", flat=True)) == [
        first.pk,
        second.pk,
        third.pk,
    ]


@pytest.mark.django_db
def test_r30_the_beat_task_runs_the_check_for_its_date(settings):
    from monitoring.tasks import inactivity_check_task

    late = make_member(filing=False)
    result = inactivity_check_task("2025-10-16")
    assert (result["as_of"], result["checked"], result["changed"]) == ("2025-10-16", 1, 1)
    late.refresh_from_db()
    assert late.membership_status == Status.INACTIVE
    entry = settings.CELERY_BEAT_SCHEDULE["inactivity-check"]
    assert entry["task"] == "monitoring.tasks.inactivity_check_task"
