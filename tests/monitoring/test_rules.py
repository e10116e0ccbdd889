"""R27-R29: each rule of the inactivity check, as plain functions over facts for a date."""

import datetime as dt

import pytest

from commitments.models import Milestone
from communes.models import Commune, MembershipGrant
from communes.services import membership_grant_create
from log_portal.quarters import Quarter, last_ended_quarters
from monitoring import rules
from tests.action_plans.factories import ActionPlanFactory, CoCreationMeetingFactory
from tests.commitments.factories import MilestoneFactory, MilestoneUpdateFactory
from tests.communes.factories import CommuneFactory, MembershipGrantFactory
from tests.monitoring.factories import engaged_plan, file_update, ongoing_commitment

pytestmark = pytest.mark.django_db
Status = Commune.MembershipStatus
Q1, Q2, Q3, Q4 = (Quarter(2025, n) for n in (1, 2, 3, 4))
OCT_16 = dt.date(2025, 10, 16)  # judged quarters: 2025-Q2 and 2025-Q3


def facts_of(commune: Commune, day: dt.date) -> rules.MemberFacts:
    return rules.load_member_facts([Commune.objects.get(pk=commune.pk)], as_of=day)[0]


def decide(commune: Commune, day: dt.date) -> rules.Decision | None:
    return rules.decide(facts_of(commune, day), day)


@pytest.fixture
def member():
    """An active member with an engaged plan and one commitment running through 2025."""
    plan = engaged_plan()
    commune = plan.coordinating_commune
    commune.commitment = ongoing_commitment(plan)
    return commune


# --- quarter arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 10, 16), [Q3, Q2]),
        (dt.date(2025, 9, 30), [Q2, Q1]),  # on its last day a quarter has not ended
        (dt.date(2026, 1, 16), [Q4, Q3]),  # year boundary
        (dt.date(2025, 1, 16), [Quarter(2024, 4), Quarter(2024, 3)]),
    ],
)
def test_r27_last_two_quarters_are_the_two_most_recent_ended(day, expected):
    assert last_ended_quarters(day) == expected


# --- R27(a) --------------------------------------------------------------------------------------


def test_r27a_new_member_without_plan_after_deadline_becomes_inactive():
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2025, 6, 30))
    assert decide(commune, dt.date(2025, 6, 30)) is None  # the deadline day itself is allowed
    decision = decide(commune, dt.date(2025, 7, 16))
    assert decision == rules.Decision(Status.INACTIVE, "R27a", decision.reason)
    assert "2025-06-30" in decision.reason


def test_r27a_an_extension_moves_the_deadline():
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2025, 6, 30))
    membership_grant_create(
        commune=commune,
        kind=MembershipGrant.Kind.DEADLINE_EXTENSION,
        reason="Elections",
        by=None,
        new_deadline=dt.date(2025, 9, 30),
    )
    assert decide(commune, dt.date(2025, 7, 16)) is None
    assert decide(commune, dt.date(2025, 10, 16)).rule == "R27a"


def test_r27a_a_plan_submitted_in_time_is_enough():
    plan = engaged_plan()  # submitted 15 Jan 2025
    commune = plan.coordinating_commune
    Commune.objects.filter(pk=commune.pk).update(first_plan_deadline=dt.date(2025, 1, 31))
    assert (
        rules.first_plan_overdue(facts_of(commune, dt.date(2025, 4, 16)), dt.date(2025, 4, 16))
        is None
    )


def test_r27a_a_draft_plan_does_not_count():
    plan = ActionPlanFactory()  # draft
    commune = plan.coordinating_commune
    Commune.objects.filter(pk=commune.pk).update(first_plan_deadline=dt.date(2025, 1, 31))
    assert decide(commune, dt.date(2025, 4, 16)).rule == "R27a"


# --- R27(b) --------------------------------------------------------------------------------------


def test_r27b_no_new_plan_within_4_months_after_the_plan_ended():
    plan = engaged_plan(end_date=dt.date(2025, 12, 31))
    commune = plan.coordinating_commune
    assert (
        rules.next_plan_overdue(facts_of(commune, dt.date(2026, 4, 30)), dt.date(2026, 4, 30))
        is None
    )
    decision = decide(commune, dt.date(2026, 5, 1))
    assert decision.to_status == Status.INACTIVE
    assert decision.rule == "R27b"


def test_r27b_a_new_plan_submitted_in_time_keeps_the_member_active():
    plan = engaged_plan(end_date=dt.date(2025, 12, 31))
    commune = plan.coordinating_commune
    engaged_plan(
        coordinating_commune=commune,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2027, 2, 28),
        submitted_on=dt.date(2026, 3, 1),
    )
    assert (
        rules.next_plan_overdue(facts_of(commune, dt.date(2026, 7, 16)), dt.date(2026, 7, 16))
        is None
    )


# --- R27(c) and (d) -----------------------------------------------------------------------------


def test_r27d_no_update_for_either_quarter_makes_inactive(member):
    decision = decide(member, OCT_16)
    assert decision.to_status == Status.INACTIVE
    assert decision.rule == "R27d"
    assert "2025-Q2 and 2025-Q3" in decision.reason


def test_r27d_one_update_in_one_quarter_is_enough_for_d_but_c_needs_progress(member):
    file_update(member.commitment, Q2, progress=False)
    facts = facts_of(member, OCT_16)
    assert rules.no_update_in_last_two_quarters(facts, OCT_16) is None
    assert rules.no_progress_in_last_two_quarters(facts, OCT_16).rule == "R27c"
    assert rules.decide(facts, OCT_16).rule == "R27c"


def test_r27c_progress_in_one_of_the_two_quarters_keeps_active(member):
    file_update(member.commitment, Q2, progress=False)
    file_update(member.commitment, Q3, progress=True)
    assert decide(member, OCT_16) is None


def test_r27c_a_milestone_moving_forward_is_progress(member):
    update = file_update(member.commitment, Q3, progress=False)
    MilestoneUpdateFactory(update=update)  # not started -> in progress
    assert decide(member, OCT_16) is None


@pytest.mark.parametrize("new_status", [Milestone.Status.BLOCKED, Milestone.Status.INCOMPLETE])
def test_r27c_blocked_and_incomplete_are_not_progress(member, new_status):
    update = file_update(member.commitment, Q3, progress=False)
    milestone = MilestoneFactory(commitment=member.commitment)
    MilestoneUpdateFactory(update=update, milestone=milestone, new_status=new_status)
    assert decide(member, OCT_16).rule == "R27c"


def test_r27_an_update_counts_within_the_grace_period_only(member, settings):
    settings.UPDATE_GRACE_DAYS = 15
    file_update(member.commitment, Q3, on=dt.date(2025, 10, 15))  # last day of grace
    assert decide(member, OCT_16) is None
    member.commitment.updates.update(submitted_at=dt.datetime(2025, 10, 16, 10, tzinfo=dt.UTC))
    assert decide(member, dt.date(2025, 10, 17)).rule == "R27d"


def test_r27_an_update_filed_after_the_check_date_does_not_count(member):
    file_update(member.commitment, Q3, on=dt.date(2025, 10, 15))
    assert decide(member, dt.date(2025, 10, 14)) is not None
    assert decide(member, dt.date(2025, 10, 15)) is None


def test_r27_a_plan_submitted_mid_quarter_is_not_judged_on_that_quarter(member):
    # Plan submitted 15 Jan 2025: on 16 July, Q2 is judged but Q1 (begun before) is not.
    day = dt.date(2025, 7, 16)
    assert [j.quarter for j in rules.judged_quarters(facts_of(member, day), day)] == [Q2]
    assert decide(member, day) is None


def test_r27_year_boundary(member):
    # Commitment through 2025: on 16 January 2026 the judged quarters are 2025-Q4 and 2025-Q3.
    day = dt.date(2026, 1, 16)
    assert [j.quarter for j in rules.judged_quarters(facts_of(member, day), day)] == [Q4, Q3]
    assert decide(member, day).rule == "R27d"
    file_update(member.commitment, Q4, on=dt.date(2026, 1, 10))
    assert decide(member, day) is None


def test_r27_a_quarter_ending_after_the_plan_end_is_not_judged():
    plan = engaged_plan(end_date=dt.date(2026, 2, 28))
    commitment = ongoing_commitment(plan, end_date=dt.date(2026, 2, 28))
    day = dt.date(2026, 4, 16)  # Q1 2026 ends after the plan
    judged = rules.judged_quarters(facts_of(plan.coordinating_commune, day), day)
    assert [j.quarter for j in judged] == [Q4]
    assert commitment.pk
    assert decide(plan.coordinating_commune, day) is None


def test_r27_a_quarter_without_open_commitment_is_not_judged(member):
    # The only commitment ended on 31 Dec 2025: 2026-Q1 is not judged.
    day = dt.date(2026, 4, 16)
    assert [j.quarter for j in rules.judged_quarters(facts_of(member, day), day)] == [Q4]
    assert decide(member, day) is None


def test_r27_a_commitment_closed_by_its_end_assessment_is_not_open(member):
    member.commitment.status = "complete"
    member.commitment.end_assessment_submitted_on = dt.date(2025, 3, 31)
    member.commitment.save()
    assert rules.judged_quarters(facts_of(member, OCT_16), OCT_16) == []
    assert decide(member, OCT_16) is None


def test_r27_a_withdrawn_commitment_is_not_judged(member):
    member.commitment.status = "withdrawn"
    member.commitment.save()
    assert decide(member, OCT_16) is None


def test_r27_a_quarter_overlapping_voluntary_inactivity_is_not_judged(member):
    MembershipGrantFactory(
        commune=member, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 9, 30)
    )
    assert [j.quarter for j in rules.judged_quarters(facts_of(member, OCT_16), OCT_16)] == [Q2]
    assert decide(member, OCT_16) is None


def test_r27_a_member_in_voluntary_inactivity_is_never_made_inactive():
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2025, 1, 31))
    MembershipGrantFactory(
        commune=commune, starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2026, 3, 31)
    )
    assert decide(commune, OCT_16) is None
    assert decide(commune, dt.date(2026, 4, 16)).rule == "R27a"


def test_r27_joint_plan_judges_each_member_on_its_own_and_joint_commitments():
    first = CommuneFactory(member=True, mandate_end=dt.date(2027, 6, 30))
    second = CommuneFactory(member=True, mandate_end=dt.date(2027, 6, 30))
    plan = engaged_plan(coordinating_commune=first, communes=[first, second])
    own_first = ongoing_commitment(plan, commune=first)
    ongoing_commitment(plan, commune=second)
    # Only the first commune files (on its own commitment): the second is judged on its own.
    file_update(own_first, Q2)
    file_update(own_first, Q3)
    assert decide(first, OCT_16) is None
    assert decide(second, OCT_16).rule == "R27d"
    # A joint commitment's update counts for both.
    joint = ongoing_commitment(plan, commune=None)
    file_update(joint, Q3)
    assert decide(second, OCT_16) is None


# --- R29 ----------------------------------------------------------------------------------------


def test_r29_no_endorsement_puts_on_probation():
    plan = ActionPlanFactory(submitted=True)
    CoCreationMeetingFactory(plan=plan)
    commune = plan.coordinating_commune
    decision = decide(commune, dt.date(2025, 4, 16))
    assert decision.to_status == Status.PROBATION
    assert decision.rule == "R29 engagement"
    assert "no endorsement" in decision.reason


def test_r29_no_co_creation_meeting_with_ngos_puts_on_probation():
    plan = engaged_plan()
    plan.meetings.filter(phase="co_creation").update(non_government_participants=0)
    assert "co-creation meeting" in decide(plan.coordinating_commune, dt.date(2025, 4, 16)).reason


def test_r29_fewer_than_two_meetings_in_the_last_year_after_a_year_of_implementation(member):
    file_update(member.commitment, Q3)
    file_update(member.commitment, Q4, on=dt.date(2026, 1, 5))
    day = dt.date(2026, 1, 16)
    assert decide(member, day) is None  # 2025-06-01 and 2025-11-01 within 12 months
    member.action_plans.get().meetings.filter(held_on=dt.date(2025, 6, 1)).delete()
    decision = decide(member, day)
    assert decision.rule == "R29 engagement"
    assert "Only 1 meeting" in decision.reason


def _set_status(commune: Commune, status: str, since: dt.date) -> None:
    Commune.objects.filter(pk=commune.pk).update(
        membership_status=status, membership_status_since=since
    )


def test_r29_six_months_inactive_puts_on_probation(member):
    _set_status(member, Status.INACTIVE, dt.date(2025, 4, 16))
    assert decide(member, dt.date(2025, 10, 15)) is None
    decision = decide(member, OCT_16)
    assert (decision.to_status, decision.rule) == (Status.PROBATION, "R29 inactive")


def test_r29_voluntary_inactivity_does_not_count_in_the_six_months():
    member = CommuneFactory(member=True, first_plan_deadline=dt.date(2025, 1, 31))  # R27a holds
    _set_status(member, Status.INACTIVE, dt.date(2025, 4, 16))
    MembershipGrantFactory(
        commune=member, starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 31)
    )
    assert decide(member, OCT_16) is None
    assert decide(member, dt.date(2025, 11, 16)).rule == "R29 inactive"


def test_r29_inactive_member_whose_plan_lacks_engagement_goes_on_probation(member):
    _set_status(member, Status.INACTIVE, dt.date(2025, 7, 16))
    member.action_plans.get().endorsements.all().delete()
    assert decide(member, OCT_16).rule == "R29 engagement"


def test_r29_probation_remedied_returns_to_active(member):
    _set_status(member, Status.PROBATION, dt.date(2025, 7, 16))
    file_update(member.commitment, Q3)
    decision = decide(member, OCT_16)
    assert (decision.to_status, decision.rule) == (Status.ACTIVE, "R29 remedied")


def test_r29_probation_not_remedied_is_revoked_at_the_first_check_after_4_months(member):
    _set_status(member, Status.PROBATION, dt.date(2025, 7, 16))
    assert decide(member, dt.date(2025, 11, 15)) is None
    decision = decide(member, dt.date(2025, 11, 16))
    assert (decision.to_status, decision.rule) == (Status.REVOKED, "R29 revoked")


def test_r29_revoked_stays_revoked(member):
    _set_status(member, Status.REVOKED, dt.date(2025, 1, 1))
    file_update(member.commitment, Q3)
    assert decide(member, OCT_16) is None


def test_r28_inactive_member_no_rule_applies_to_is_active_again_at_the_check(member):
    _set_status(member, Status.INACTIVE, dt.date(2025, 7, 16))
    file_update(member.commitment, Q3)
    decision = decide(member, OCT_16)
    assert (decision.to_status, decision.rule) == (Status.ACTIVE, "R28")


def test_r27_an_inactive_member_still_failing_stays_inactive(member):
    _set_status(member, Status.INACTIVE, dt.date(2025, 7, 16))
    assert decide(member, OCT_16) is None


@pytest.mark.parametrize(
    ("level", "previous", "moves", "expected"),
    [
        ("limited", "not_started", [], True),
        ("limited", "limited", [], False),
        ("", "", [("not_started", "in_progress")], True),
        ("", "", [("in_progress", "complete")], True),
        ("", "", [("not_started", "complete")], True),
        ("", "", [("in_progress", "blocked")], False),
        ("", "", [("in_progress", "incomplete")], False),
        ("", "", [("blocked", "in_progress")], False),
    ],
)
def test_r27_the_check_reads_progress_as_quarterly_update_made_progress(
    member, level, previous, moves, expected
):
    update = file_update(member.commitment, Q3, progress=False)
    update.completion_level, update.previous_completion_level = level, previous
    update.save()
    for old, new in moves:
        MilestoneUpdateFactory(update=update, previous_status=old, new_status=new)
    loaded = facts_of(member, OCT_16).updates[(member.commitment.pk, Q3)]
    assert update.made_progress() is expected
    assert loaded.made_progress() is expected
