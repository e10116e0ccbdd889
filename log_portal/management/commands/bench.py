"""``manage.py bench``: the benchmark at DOMAIN.md section C scale (issue #8); see README.md.

It works on a database of its own: run it with ``LOG_PORTAL_DB_NAME=log_portal_bench`` (as
``make bench`` does); it refuses any database whose name does not contain "bench", because it
empties the portal's tables before loading.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from log_portal import embedded
from log_portal.bench import runner


class Command(BaseCommand):
    help = (
        "Load a generated data set (DOMAIN.md section C at --scale 1) into the bench database, "
        "measure pages, API lists, throughput, the inactivity check and a plan PDF, print one "
        "table and fail when a budget is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = DOMAIN.md section C")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="reuse the loaded data set when its seed and scale match",
        )
        parser.add_argument("--repeats", type=int, default=30, help="requests per page")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument(
            "--duration", type=float, default=10.0, help="seconds of load per page (0: none)"
        )

    def handle(self, *args, **options):
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise CommandError(
                f"The benchmark empties the database it runs on, and {name!r} is not a bench "
                "database: run it with LOG_PORTAL_DB_NAME=log_portal_bench (make bench does)."
            )
        if not os.environ.get("DATABASE_URL"):
            embedded.database_url(settings.DATA_DIR, name)  # creates it the first time
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG and static_outdated():
            # Production settings serve hashed static files from the manifest (slow: 3 min).
            self.stderr.write(f"Collecting static files into {settings.STATIC_ROOT}...")
            call_command("collectstatic", interactive=False, verbosity=0)
        report = runner.run(
            runner.Options(
                seed=options["seed"],
                scale=options["scale"],
                keep=options["keep"],
                repeats=options["repeats"],
                concurrency=options["concurrency"],
                duration=options["duration"],
            ),
            log=lambda line: self.stderr.write(line),
        )
        self.stdout.write("")
        self.stdout.write(report.render())
        broken = report.broken()
        if broken:
            raise CommandError(f"{len(broken)} budget(s) broken: see the list above.")


def static_outdated() -> bool:
    """No manifest yet, or a file of static/ changed since it was written."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    written = manifest.stat().st_mtime
    return any(
        path.stat().st_mtime > written
        for folder in settings.STATICFILES_DIRS
        for path in Path(folder).rglob("*")
        if path.is_file()
    )
