"""One benchmark run: load (or reuse) the data set, measure, and build the report."""

from __future__ import annotations

import os
import platform
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from action_plans.models import ActionPlan
from communes.models import Commune
from log_portal.bench import data, jobs, load, measure
from log_portal.bench.report import BenchReport, ThroughputRow


@dataclass
class Options:
    seed: int = 1
    scale: float = 1.0
    keep: bool = False
    repeats: int = 30
    concurrency: int = 8
    duration: float = 10.0  # seconds of load per page; 0 skips the server part


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as info:
            ram = f"{int(info.readline().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        ram = "RAM unknown"
    return f"{os.cpu_count()} cores ({cpu}), {ram}, Python {platform.python_version()}"


def run(options: Options, *, log: Callable[[str], None] = print) -> BenchReport:
    report = BenchReport()
    log("Data set:")
    loaded = data.load(seed=options.seed, scale=options.scale, keep=options.keep, log=log)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    sizes = ", ".join(f"{n:,} {name}" for name, n in loaded.rows.items() if name in data.FULL_SIZE)
    report.header = [
        f"LOG Portal benchmark: seed {options.seed}, scale {options.scale:g} ({sizes})",
        f"Machine: {machine()}; PostgreSQL {pg_version.split()[0]}, database "
        f"{connection.settings_dict['NAME']}",
        f"Settings: DEBUG {'on (timings are not production-like)' if settings.DEBUG else 'off'}"
        f", GZipMiddleware {'on' if 'django.middleware.gzip.GZipMiddleware' in settings.MIDDLEWARE else 'off'}"
        f", CONN_MAX_AGE {connection.settings_dict.get('CONN_MAX_AGE', 0)}",
        "Data: "
        + (
            "reused (--keep)"
            if loaded.reused
            else f"{loaded.total_rows:,} rows generated in {loaded.seconds:.0f} s"
        ),
    ]
    log(f"Requests ({options.repeats} each):")
    report.requests = measure.measure_all(seed=options.seed, repeats=options.repeats, log=log)

    samples = measure.sample_objects(options.seed)
    pages = {
        "commune page": [f"/communes/{slug}/" for slug in samples["communes"]],
        "commitment page": [f"/commitments/{pk}/" for pk in samples["commitments"]],
    }
    report.throughput_note = (
        f"gunicorn {load.WORKERS} sync workers, {options.concurrency} clients, "
        f"{options.duration:g} s each"
    )
    if options.duration > 0:
        log("Throughput:")
        try:
            report.throughput = load.measure_throughput(
                pages, concurrency=options.concurrency, duration=options.duration, log=log
            )
        except RuntimeError as error:
            report.throughput = [
                ThroughputRow(name=name, path=paths[0], skipped=str(error))
                for name, paths in {"minimal view (reference)": ["/"], **pages}.items()
            ]
            report.notes.append(f"the server did not start: {error}")
    else:
        report.throughput = [
            ThroughputRow(name=name, path=paths[0], skipped="--duration 0")
            for name, paths in {"minimal view (reference)": ["/"], **pages}.items()
        ]
    report.notes.append(
        "the load client runs on the same machine as the server and takes CPU from it; "
        "the ratio compares pages with the minimal view under the same conditions."
    )

    log("Jobs:")
    members = Commune.objects.members().count()
    report.jobs = jobs.inactivity_check(members=members)
    plans = list(ActionPlan.objects.public().order_by("pk").values_list("pk", flat=True))
    if plans:
        rng = random.Random(options.seed)  # noqa: S311 - a reproducible choice
        plan = ActionPlan.objects.get(pk=rng.choice(plans))
        report.jobs.append(jobs.plan_pdf(plan=plan))
    for job in report.jobs:
        log(f"  {job.name}: {job.seconds if job.seconds is not None else job.error}")
    report.notes.append(
        "there is no public list of plans (log_portal/public/urls.py): the API plans list "
        "stands for it."
    )
    return report
