"""The benchmark's figures, its budgets (issue #8) and the one table it prints."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

# Budgets of issue #8.
PAGE_P95_MS = 150.0
THROUGHPUT_RATIO = 1 / 3
CHECK_SECONDS = 60.0
PDF_SECONDS = 5.0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))  # ceil(share * n)
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class RequestRow:
    """One page or API list, requested ``len(times_ms)`` times in-process."""

    name: str
    path: str
    ceiling: int | None  # the most queries this row may run; None for the reference view
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    gzip_bytes: list[int] = field(default_factory=list)
    raw_bytes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        return percentile(self.times_ms, 0.95) if self.times_ms else float("nan")

    def broken(self) -> list[str]:
        problems = list(self.errors)
        if not self.times_ms:
            return problems or [f"{self.name}: not measured"]
        if min(self.queries) != max(self.queries):
            problems.append(
                f"{self.name}: query count not constant ({min(self.queries)} to "
                f"{max(self.queries)} over requests for different objects)"
            )
        if self.ceiling is not None and max(self.queries) > self.ceiling:
            problems.append(
                f"{self.name}: {max(self.queries)} queries, more than its ceiling of {self.ceiling}"
            )
        if self.ceiling is not None and self.p95_ms > PAGE_P95_MS:
            problems.append(
                f"{self.name}: p95 {self.p95_ms:.0f} ms, over the {PAGE_P95_MS:.0f} ms budget"
            )
        return problems


@dataclass
class ThroughputRow:
    """Requests per second of one page under concurrent load on the real server."""

    name: str
    path: str
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    reference: bool = False
    # Shown for comparison, under no budget (the pages with the page cache off).
    informational: bool = False
    skipped: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class JobRow:
    name: str
    seconds: float | None = None
    queries: int | None = None
    budget_seconds: float | None = None
    detail: str = ""
    error: str = ""

    def broken(self) -> list[str]:
        if self.error:
            return [f"{self.name}: failed: {self.error}"]
        if self.seconds is None:
            return [f"{self.name}: not measured"]
        if self.budget_seconds is not None and self.seconds > self.budget_seconds:
            return [
                f"{self.name}: {self.seconds:.1f} s, over the {self.budget_seconds:.0f} s budget"
            ]
        return []


@dataclass
class BenchReport:
    header: list[str] = field(default_factory=list)
    requests: list[RequestRow] = field(default_factory=list)
    throughput: list[ThroughputRow] = field(default_factory=list)
    throughput_note: str = ""
    jobs: list[JobRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def reference_rps(self) -> float | None:
        refs = [r for r in self.throughput if r.reference and not r.skipped and r.rps]
        return refs[0].rps if refs else None

    def broken(self) -> list[str]:
        problems: list[str] = []
        for row in self.requests:
            problems += row.broken()
        reference = self.reference_rps()
        for row in self.throughput:
            if row.skipped:
                continue
            if row.errors:
                problems.append(f"{row.name} under load: {row.errors} failed requests")
            if row.reference or row.informational:
                continue
            if reference is None:
                problems.append(f"{row.name} under load: no minimal view throughput to compare")
            elif row.rps < THROUGHPUT_RATIO * reference:
                problems.append(
                    f"{row.name} under load: {row.rps:.0f} req/s is {row.rps / reference:.2f} of "
                    f"the minimal view's {reference:.0f} req/s, under the "
                    f"{THROUGHPUT_RATIO:.2f} budget"
                )
        for job in self.jobs:
            problems += job.broken()
        return problems

    # -- the table --------------------------------------------------------------------------

    def render(self) -> str:
        lines = [*self.header, ""]
        width = max([len(r.name) for r in self.requests] + [30]) + 2
        lines.append(
            f"{'Requests (in-process, gzip)':<{width}}{'n':>4}{'queries':>9}{'ceiling':>9}"
            f"{'median ms':>11}{'p95 ms':>9}{'gzip B':>9}{'raw B':>9}  status"
        )
        for row in self.requests:
            if row.times_ms:
                queries = (
                    str(row.queries[0])
                    if min(row.queries) == max(row.queries)
                    else f"{min(row.queries)}-{max(row.queries)}"
                )
                cells = (
                    f"{len(row.times_ms):>4}{queries:>9}"
                    f"{'-' if row.ceiling is None else row.ceiling:>9}"
                    f"{row.median_ms:>11.1f}{row.p95_ms:>9.1f}"
                    f"{int(statistics.median(row.gzip_bytes)):>9}"
                    f"{int(statistics.median(row.raw_bytes)):>9}"
                )
            else:
                cells = f"{'-':>4}{'-':>9}{'-':>9}{'-':>11}{'-':>9}{'-':>9}{'-':>9}"
            status = "BROKEN" if row.broken() else ("reference" if row.ceiling is None else "ok")
            lines.append(f"{row.name:<{width}}{cells}  {status}")
        lines.append("")
        lines.append(
            f"{'Throughput (' + self.throughput_note + ')':<{width + 22}}"
            f"{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}  status"
        )
        reference = self.reference_rps()
        for row in self.throughput:
            if row.skipped:
                lines.append(f"{row.name:<{width + 22}}{'skipped: ' + row.skipped:>43}")
                continue
            ratio = row.rps / reference if reference else float("nan")
            p50 = statistics.median(row.latencies_ms) if row.latencies_ms else float("nan")
            p95 = percentile(row.latencies_ms, 0.95) if row.latencies_ms else float("nan")
            if row.reference:
                status = "reference"
            elif row.informational:
                status = "BROKEN" if row.errors else "info"
            elif row.errors or not reference or ratio < THROUGHPUT_RATIO:
                status = "BROKEN"
            else:
                status = "ok"
            lines.append(
                f"{row.name:<{width + 22}}{row.rps:>9.0f}{ratio:>8.2f}{p50:>9.1f}{p95:>9.1f}"
                f"{row.errors:>8}  {status}"
            )
        lines.append("")
        lines.append(f"{'Jobs':<{width + 22}}{'seconds':>9}{'budget':>8}{'queries':>9}  status")
        for job in self.jobs:
            seconds = "-" if job.seconds is None else f"{job.seconds:.2f}"
            budget = "-" if job.budget_seconds is None else f"{job.budget_seconds:.0f}"
            queries = "-" if job.queries is None else str(job.queries)
            status = "BROKEN" if job.broken() else "ok"
            detail = f"  {job.detail}" if job.detail else ""
            lines.append(
                f"{job.name:<{width + 22}}{seconds:>9}{budget:>8}{queries:>9}  {status}{detail}"
            )
        for note in self.notes:
            lines.append(f"Note: {note}")
        broken = self.broken()
        lines.append("")
        if broken:
            lines.append(f"BUDGETS BROKEN ({len(broken)}):")
            lines += [f"  - {problem}" for problem in broken]
        else:
            lines.append(
                f"All budgets hold: constant query counts under their ceilings, p95 under "
                f"{PAGE_P95_MS:.0f} ms, pages at least {THROUGHPUT_RATIO:.2f} of the minimal "
                f"view's throughput, check under {CHECK_SECONDS:.0f} s, plan PDF under "
                f"{PDF_SECONDS:.0f} s."
            )
        return "\n".join(lines)
