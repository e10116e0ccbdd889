"""Test set-up: real PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set)."""

import os

# Tests use their own Redis database so that they never share a queue or cache with a
# running `make run` (read by log_portal.settings, imported after this file).
os.environ.setdefault("REDIS_DB", "1")
os.environ.setdefault("CACHE_KEY_PREFIX", "test")
