"""R30: run the inactivity check by hand for any date, printing each member's outcome."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring.services import MemberOutcome, inactivity_check_run


class Command(BaseCommand):
    help = "Apply R27-R29 to every member for a date (default today) and print the outcome."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Check date, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Decide and print, change nothing."
        )

    def handle(self, *args, **options):
        try:
            as_of = (
                dt.date.fromisoformat(options["as_of"])
                if options["as_of"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--as-of must be YYYY-MM-DD: {error}") from error
        dry_run = options["dry_run"]

        def print_outcome(outcome: MemberOutcome) -> None:
            mark = "->" if outcome.changed else "=="
            line = f"{outcome.commune_name} [{outcome.commune_id}]: {outcome.before} {mark} {outcome.after}"
            if outcome.changed:
                line += f" ({outcome.rule}: {outcome.reason})"
            self.stdout.write(line)

        run = inactivity_check_run(as_of=as_of, dry_run=dry_run, on_member=print_outcome)
        self.stdout.write(
            f"{'Dry run' if dry_run else 'Check'} as of {as_of.isoformat()}: "
            f"{run.communes_checked} members checked, {run.status_changes} status changes "
            f"{run.counts or ''}"
        )
