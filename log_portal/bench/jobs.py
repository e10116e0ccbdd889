"""The long jobs: the inactivity check (R30) for every member and one plan's progress PDF.

Both run inside a transaction that is rolled back, so the bench data set stays as loaded
(and --keep can reuse it); letters and the report's task are queued on commit, so never here.
Only public functions are called: monitoring.services.inactivity_check_run, and
monitoring.services.report_request / report_render (what monitoring.tasks.report_render_task
calls).
"""

from __future__ import annotations

import tempfile
import time

from django.db import connection, transaction
from django.test.utils import override_settings

from action_plans.models import ActionPlan
from log_portal.bench.data import AS_OF
from log_portal.bench.measure import QueryCounter
from log_portal.bench.report import CHECK_SECONDS, PDF_SECONDS, JobRow


class Rollback(Exception):
    """Leaves the transaction without keeping anything."""


def inactivity_check(*, members: int) -> list[JobRow]:
    """R30: the check on AS_OF for every member, dry run then real run, both rolled back."""
    from monitoring.services import inactivity_check_run

    rows = []
    for dry_run in (True, False):
        name = f"inactivity check, {'dry run' if dry_run else 'real run'} ({members:,} members)"
        row = JobRow(name=name, budget_seconds=CHECK_SECONDS)
        counter = QueryCounter()
        try:
            with transaction.atomic():
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    run = inactivity_check_run(as_of=AS_OF, dry_run=dry_run)
                    row.seconds = time.perf_counter() - started
                row.queries = counter.count
                row.detail = f"{run.communes_checked:,} checked, {run.status_changes:,} changes"
                raise Rollback
        except Rollback:
            pass
        except Exception as error:  # noqa: BLE001 - reported in the table, loudly
            row.error = f"{type(error).__name__}: {error}"
        rows.append(row)
    return rows


def plan_pdf(*, plan: ActionPlan, language: str = "fr") -> JobRow:
    """One plan's progress report rendered as the Celery task does (report_render)."""
    from monitoring.models import Report
    from monitoring.services import report_render, report_request

    row = JobRow(name=f"plan progress PDF (plan {plan.pk}, {language})", budget_seconds=PDF_SECONDS)
    counter = QueryCounter()
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media),
            transaction.atomic(),
        ):
            report = report_request(kind=Report.Kind.PLAN_PROGRESS, language=language, plan=plan)
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                report = report_render(report=report)
                row.seconds = time.perf_counter() - started
            row.queries = counter.count
            row.detail = f"{report.file.size:,} bytes"
            raise Rollback
    except Rollback:
        pass
    except Exception as error:  # noqa: BLE001 - reported in the table, loudly
        row.error = f"{type(error).__name__}: {error}"
    return row
