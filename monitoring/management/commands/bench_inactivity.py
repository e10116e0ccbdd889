"""Benchmark of the inactivity check (R30) on DOMAIN.md section C volumes, rolled back at the end.

Creates N members (default 10,000), each with one plan, 5 commitments, 25 milestones and 50
quarterly updates (so 50,000 commitments, 250,000 milestones, 500,000 updates for 10,000), runs
the check as a dry run and for real, prints the time and the number of queries of each, and
rolls everything back: the database is left as it was.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement
from commitments.models import Commitment, Milestone, MilestoneUpdate, QuarterlyUpdate
from communes.models import Commune, Organisation
from log_portal.bench.jobs import Rollback
from log_portal.bench.measure import QueryCounter
from log_portal.quarters import Quarter, quarters_between
from monitoring.services import inactivity_check_run

AS_OF = dt.date(2026, 1, 16)
BATCH = 5000


class Command(BaseCommand):
    help = "Time the inactivity check on N generated members (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["members"]
        try:
            with transaction.atomic():
                started = time.monotonic()
                self._populate(count)
                self.stdout.write(
                    f"Created {count} members and their data in {time.monotonic() - started:.1f} s"
                )
                # Fresh rows have no planner statistics until autovacuum runs: give them now.
                with connection.cursor() as cursor:
                    for model in (
                        Commune,
                        ActionPlan,
                        Commitment,
                        QuarterlyUpdate,
                        MilestoneUpdate,
                    ):
                        cursor.execute(f"ANALYZE {model._meta.db_table}")  # noqa: S608
                for dry_run in (True, False):
                    counter = QueryCounter()
                    with connection.execute_wrapper(counter):
                        started = time.monotonic()
                        run = inactivity_check_run(as_of=AS_OF, dry_run=dry_run)
                        elapsed = time.monotonic() - started
                    self.stdout.write(
                        f"{'Dry run' if dry_run else 'Check'}: {run.communes_checked} members, "
                        f"{run.status_changes} changes {run.counts}, {elapsed:.1f} s, "
                        f"{counter.count} queries"
                    )
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: the database is unchanged.")

    def _populate(self, count: int) -> None:
        organisation = Organisation.objects.create(name="Bench CSO")
        communes = Commune.objects.bulk_create(
            [
                Commune(
                    name=f"Bench {i}",
                    slug=f"bench-{i}",
                    country="SN",
                    membership_status=Commune.MembershipStatus.ACTIVE,
                    membership_status_since=dt.date(2023, 1, 1),
                    joined_on=dt.date(2023, 1, 1),
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        plans = ActionPlan.objects.bulk_create(
            [
                ActionPlan(
                    coordinating_commune=c,
                    title=f"Plan {c.name}",
                    start_date=dt.date(2023, 7, 1),
                    end_date=dt.date(2026, 12, 31),
                    status=ActionPlan.Status.IMPLEMENTATION,
                    submitted_on=dt.date(2023, 6, 15),
                )
                for c in communes
            ],
            batch_size=BATCH,
        )
        ActionPlan.communes.through.objects.bulk_create(
            [
                ActionPlan.communes.through(actionplan_id=p.pk, commune_id=c.pk)
                for p, c in zip(plans, communes, strict=True)
            ],
            batch_size=BATCH,
        )
        meetings = []
        for plan in plans:
            for held_on, phase in (
                (dt.date(2023, 5, 1), CoCreationMeeting.Phase.CO_CREATION),
                (dt.date(2025, 3, 1), CoCreationMeeting.Phase.IMPLEMENTATION),
                (dt.date(2025, 9, 1), CoCreationMeeting.Phase.IMPLEMENTATION),
            ):
                meetings.append(
                    CoCreationMeeting(
                        plan=plan,
                        held_on=held_on,
                        phase=phase,
                        title="Forum",
                        government_participants=3,
                        non_government_participants=5,
                    )
                )
        CoCreationMeeting.objects.bulk_create(meetings, batch_size=BATCH)
        Endorsement.objects.bulk_create(
            [
                Endorsement(plan=p, organisation=organisation, endorsed_on=dt.date(2023, 6, 1))
                for p in plans
            ],
            batch_size=BATCH,
        )
        commitments = Commitment.objects.bulk_create(
            [
                Commitment(
                    plan=p,
                    commune_id=p.coordinating_commune_id,
                    title=f"Commitment {n}",
                    start_date=dt.date(2023, 7, 1),
                    end_date=dt.date(2026, 6, 30),
                    status=Commitment.Status.ONGOING,
                    submitted_on=dt.date(2023, 6, 15),
                    policy_areas=["fiscal_openness"],
                    primary_sectors=["public_services"],
                    ogp_values=["access_to_information"],
                )
                for p in plans
                for n in range(5)
            ],
            batch_size=BATCH,
        )
        milestones = Milestone.objects.bulk_create(
            [
                Milestone(
                    commitment=c,
                    position=n,
                    description=f"Milestone {n}",
                    start_month=dt.date(2023, 7, 1),
                    end_month=dt.date(2026, 6, 1),
                    status=Milestone.Status.IN_PROGRESS,
                )
                for c in commitments
                for n in range(5)
            ],
            batch_size=BATCH,
        )
        quarters = quarters_between(dt.date(2023, 7, 1), dt.date(2025, 12, 31))  # 10 quarters
        judged = {Quarter(2025, 3), Quarter(2025, 4)}
        first_milestone = {m.commitment_id: m for m in milestones if m.position == 0}
        updates, moves = [], []
        for index, commitment in enumerate(commitments):
            member = index // 5
            # 1 member in 10 files nothing in the judged quarters (R27d), 1 in 10 files
            # without progress (R27c); the others progress.
            kind = member % 10
            for quarter in quarters:
                if quarter in judged and kind == 0:
                    continue
                updates.append(
                    QuarterlyUpdate(
                        commitment=commitment,
                        year=quarter.year,
                        quarter=quarter.number,
                        status=QuarterlyUpdate.Status.SUBMITTED,
                        progress="Bench",
                        submitted_at=dt.datetime.combine(quarter.end, dt.time(10), tzinfo=dt.UTC),
                    )
                )
                if quarter in judged and kind != 1:
                    moves.append((len(updates) - 1, first_milestone[commitment.pk]))
        updates = QuarterlyUpdate.objects.bulk_create(updates, batch_size=BATCH)
        MilestoneUpdate.objects.bulk_create(
            [
                MilestoneUpdate(
                    update=updates[i],
                    milestone=milestone,
                    previous_status=Milestone.Status.NOT_STARTED,
                    new_status=Milestone.Status.IN_PROGRESS,
                )
                for i, milestone in moves
            ],
            batch_size=BATCH,
        )
