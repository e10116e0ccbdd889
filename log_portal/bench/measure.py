"""Server time, SQL queries and compressed size of each public page and API list, in-process.

The public page cache (log_portal/public/caching.py) is off here, and the data stamp is read on
every request: each request renders its page, so the times are those of the first visitor after
a change. The load test measures the pages as deployed, cache on.

Each row is requested through django.test.Client with the project's full middleware (so
GZipMiddleware compresses what a browser asking for gzip gets), after two warm-up requests.
Rows about one object rotate over several objects, so that a query count growing with an
object's data shows up as a count that is not constant.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from commitments.models import Commitment
from communes.models import Commune
from log_portal.bench.report import RequestRow
from log_portal.public.selectors import public_plans

# The most queries each row may run (issue #8: query counts do not grow with rows). Measured on
# the section C data set; raise one only with the reason in the commit.
CEILINGS = {
    "home": 8,
    "communes list": 6,
    "communes list, last page": 6,
    "commune page": 14,
    "plan page": 14,
    "commitment search": 5,
    "commitment search, words": 5,
    "commitment page": 14,
    "open data page": 8,
    "feed: latest updates": 2,
    "feed: one commune": 3,
    "API communes": 3,
    "API plans": 4,
    "API commitments": 4,
    "API milestones": 2,
    "API updates": 3,
    "API evidence": 2,
    "API comments": 2,
    "API assessments": 3,
}
OBJECTS_PER_ROW = 10
STATEMENT_TIMEOUT_MS = 10_000
WARM_UP = 2


class QueryCounter:
    """Counts the queries run through the connection (cheaper than CaptureQueriesContext)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@dataclass(frozen=True)
class Target:
    name: str
    paths: list[str]
    ceiling: int | None


def host() -> str:
    """A host name the settings allow (the test client's "testserver" is not in production)."""
    for name in settings.ALLOWED_HOSTS:
        if name and "*" not in name and not name.startswith("."):
            return name.strip("[]") if name.startswith("[") else name
    return "localhost"


def sample_objects(seed: int) -> dict[str, list]:
    """A reproducible choice of communes, plans and commitments to request."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample
    slugs = list(Commune.objects.members().order_by("pk").values_list("slug", flat=True))
    plans = list(public_plans().order_by("pk").values_list("pk", flat=True))
    commitments = list(Commitment.objects.public().order_by("pk").values_list("pk", flat=True))

    def pick(values: list) -> list:
        return rng.sample(values, min(OBJECTS_PER_ROW, len(values)))

    return {"communes": pick(slugs), "plans": pick(plans), "commitments": pick(commitments)}


def targets(seed: int) -> list[Target]:
    """Every public page and main API list of the portal (log_portal/public/urls.py, api_urls)."""
    objects = sample_objects(seed)
    communes, plans, commitments = objects["communes"], objects["plans"], objects["commitments"]
    member_count = Commune.objects.members().count()
    last_page = max(1, -(-member_count // 25))

    def url(name: str, *args) -> str:
        return reverse(name, args=args)

    rows: list[tuple[str, list[str]]] = [
        ("home", [url("public:home")]),
        ("communes list", [url("public:communes")]),
        ("communes list, last page", [f"{url('public:communes')}?page={last_page}"]),
        ("commune page", [url("public:commune", slug) for slug in communes]),
        ("plan page", [url("public:plan", pk) for pk in plans]),
        ("commitment search", [url("public:commitments")]),
        ("commitment search, words", [f"{url('public:commitments')}?q=budget+participatif"]),
        ("commitment page", [url("public:commitment", pk) for pk in commitments]),
        ("open data page", [url("public:data")]),
        ("feed: latest updates", [url("public:feed-updates")]),
        ("feed: one commune", [url("public:feed-commune", slug) for slug in communes]),
        ("API communes", [url("api:commune-list")]),
        ("API plans", [url("api:plan-list")]),
        ("API commitments", [url("api:commitment-list")]),
        ("API milestones", [url("api:milestone-list")]),
        ("API updates", [url("api:update-list")]),
        ("API evidence", [url("api:evidence-list")]),
        ("API comments", [url("api:comment-list")]),
        ("API assessments", [url("api:assessment-list")]),
    ]
    result = [Target(name, paths, CEILINGS[name]) for name, paths in rows]
    # Without LOG_PORTAL_BENCH there is no minimal view in this process.
    with contextlib.suppress(NoReverseMatch):
        result.append(Target("minimal view (reference)", [url("bench-minimal")], None))
    return result


def measure(
    target: Target, *, repeats: int, client: Client, address: Callable[[], str]
) -> RequestRow:
    """Request ``target`` ``repeats`` times (after warm-up); time, count queries, sizes."""
    row = RequestRow(name=target.name, path=target.paths[0], ceiling=target.ceiling)
    for index in range(WARM_UP + repeats):
        path = target.paths[index % len(target.paths)]
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get(path, REMOTE_ADDR=address())
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            row.errors.append(f"{target.name}: {path} answered {response.status_code}")
            break
        if index < WARM_UP:
            continue
        row.times_ms.append(elapsed * 1000)
        row.queries.append(counter.count)
        row.gzip_bytes.append(len(body))
        compressed = response.get("Content-Encoding") == "gzip"
        row.raw_bytes.append(len(gzip.decompress(body)) if compressed else len(body))
    return row


def measure_all(*, seed: int, repeats: int, log: Callable[[str], None] = print) -> list[RequestRow]:
    """Every target, each ``repeats`` times; API throttles see a different client address each time."""
    secure = True  # behind the TLS proxy: no SSL redirect whatever DJANGO_SECURE_SSL_REDIRECT says
    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST=host(), secure=secure)
    counter = iter(range(1, 1 << 24))

    def address() -> str:
        n = next(counter)
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    rows = []
    # As the server does once started (log_portal/wsgi.py): leave what is loaded out of the
    # garbage collector's full collections.
    gc.collect()
    gc.freeze()
    # Rendering costs, not the kept pages (see the module's docstring).
    page_cache, stamp = settings.PUBLIC_PAGE_CACHE_SECONDS, settings.PUBLIC_STAMP_SECONDS
    settings.PUBLIC_PAGE_CACHE_SECONDS = settings.PUBLIC_STAMP_SECONDS = 0
    # A page that takes longer than this is broken anyway: fail it instead of waiting. Each
    # request opens its own connection (CONN_MAX_AGE), so the option goes on the connection.
    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = options.get("options")
    options["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
    connection.close()
    try:
        for target in targets(seed):
            try:
                row = measure(target, repeats=repeats, client=client, address=address)
            except OperationalError as error:
                row = RequestRow(name=target.name, path=target.paths[0], ceiling=target.ceiling)
                row.errors.append(f"{target.name}: {str(error).strip().splitlines()[0]}")
            log(
                f"  {target.name}: median {row.median_ms:.1f} ms, p95 {row.p95_ms:.1f} ms, "
                f"{max(row.queries)} queries"
                if row.times_ms
                else f"  {target.name}: {'; '.join(row.errors)}"
            )
            rows.append(row)
    finally:
        settings.PUBLIC_PAGE_CACHE_SECONDS, settings.PUBLIC_STAMP_SECONDS = page_cache, stamp
        gc.unfreeze()
        if saved is None:
            options.pop("options", None)
        else:
            options["options"] = saved
        connection.close()
    return rows
