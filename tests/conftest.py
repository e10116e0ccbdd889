"""Test set-up: real PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set).

Settings switch to Redis database 1 under pytest (see ``RUNNING_TESTS`` in settings).
"""
