"""Fixtures of the public site tests (the data itself is built in world.py)."""

import pytest

from .world import build_world


@pytest.fixture
def world(db):
    """Rufisque (active, SN) with a plan in implementation; drafts and restricted data beside."""
    return build_world()
