"""Requests per second under concurrent load, on a real gunicorn server on the bench database.

The server runs the project's WSGI application with the settings of this process (passed in
its environment) plus ``LOG_PORTAL_BENCH=1`` for the minimal view. A small threaded client
(``http.client``, one connection per request as gunicorn's sync workers close them) keeps
``concurrency`` requests in flight for ``duration`` seconds per page.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from log_portal.bench.measure import host
from log_portal.bench.report import ThroughputRow

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# As in the Dockerfile's CMD.
WORKERS = 3
MINIMAL_PATH = "/bench/minimal"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, started and stopped by this process."""

    def __init__(self, *, workers: int = WORKERS, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.workers = workers
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "log_portal.settings",
            "LOG_PORTAL_BENCH": "1",
            "LOG_PORTAL_DB_NAME": connection.settings_dict["NAME"],
            "REDIS_DB": str(settings.REDIS_DB),
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "STATIC_ROOT": str(settings.STATIC_ROOT),
            # DJANGO_DEBUG is inherited: the server runs the settings this process was started
            # with (pytest-django turns DEBUG off at run time, not in the environment).
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": ",".join([*settings.ALLOWED_HOSTS, host()]),
        }
        return env | self.extra_env

    def start(self, timeout: float = 60) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own server command, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "log_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=self.environment(),
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.process.returncode}")
            try:
                status, _latency = self.get(MINIMAL_PATH)
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("gunicorn did not answer in time")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def get(self, path: str) -> tuple[int, float]:
        """One request as a browser behind the TLS proxy sends it; (status, seconds)."""
        started = time.perf_counter()
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            client.request(
                "GET",
                path,
                headers={
                    "Host": host(),
                    "Accept-Encoding": "gzip",
                    "X-Forwarded-Proto": "https",
                },
            )
            response = client.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        finally:
            client.close()


def drive(
    server: Server,
    name: str,
    paths: list[str],
    *,
    concurrency: int,
    duration: float,
    reference: bool = False,
) -> ThroughputRow:
    """Keep ``concurrency`` requests in flight for ``duration`` seconds, rotating over ``paths``."""
    row = ThroughputRow(name=name, path=paths[0], reference=reference)
    for path in paths[:2]:  # warm-up
        server.get(path)
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker(offset: int) -> None:
        index = offset
        latencies: list[float] = []
        ok = errors = 0
        while time.monotonic() < deadline:
            try:
                status, seconds = server.get(paths[index % len(paths)])
            except OSError:
                status, seconds = 0, 0.0
            index += concurrency
            if status == 200:
                ok += 1
                latencies.append(seconds * 1000)
            else:
                errors += 1
        with lock:
            row.requests += ok
            row.errors += errors
            row.latencies_ms.extend(latencies)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row.seconds = time.monotonic() - started
    return row


def measure_throughput(
    pages: dict[str, list[str]],
    *,
    concurrency: int,
    duration: float,
    log: Callable[[str], None] = print,
) -> list[ThroughputRow]:
    """The minimal view first (the reference), then each page, on one gunicorn server as
    deployed (public page cache on); then, for comparison only, each page rendered on every
    request (a second server with the page cache off)."""
    rows: list[ThroughputRow] = []
    server = Server()
    server.start()
    try:
        rows.append(
            drive(
                server,
                "minimal view (reference)",
                [MINIMAL_PATH],
                concurrency=concurrency,
                duration=duration,
                reference=True,
            )
        )
        for name, paths in pages.items():
            rows.append(drive(server, name, paths, concurrency=concurrency, duration=duration))
    finally:
        server.stop()
    server = Server(extra_env={"PUBLIC_PAGE_CACHE_SECONDS": "0"})
    server.start()
    try:
        for name, paths in pages.items():
            row = drive(
                server,
                f"{name}, page cache off",
                paths,
                concurrency=concurrency,
                duration=duration,
            )
            row.informational = True
            rows.append(row)
    finally:
        server.stop()
    for row in rows:
        log(f"  {row.name}: {row.rps:.0f} req/s, {row.errors} errors")
    return rows
