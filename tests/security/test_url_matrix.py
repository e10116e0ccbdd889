"""R8, R40-R45: every URL of the site and the API, for each role, against commune A's objects
(the user's own) and commune B's (another commune's, monitored by another body).

The table is in ``tests/security/matrix.py``; the world in ``tests/security/conftest.py``. A new
URL that is not in the table fails ``test_every_url_is_in_the_matrix``: add its cases there.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve, reverse

from tests.communes.factories import UserFactory
from tests.security.conftest import ANON, ROLES, World
from tests.security.matrix import (
    ADMIN_CASES,
    ADMIN_LOGIN,
    CASES,
    LOGIN,
    Case,
    Redirect,
    covered_routes,
    site_routes,
)

pytestmark = pytest.mark.django_db

# Every model of the portal's apps, the API tokens and the two-factor devices: a refused request
# changes none of them.
SNAPSHOT_APPS = (
    "log_portal",
    "communes",
    "volunteers",
    "action_plans",
    "commitments",
    "monitoring",
    "authtoken",
    "otp_totp",
)


@functools.cache
def _snapshot_sql() -> str:
    installed = {config.label for config in apps.get_app_configs()}
    columns = []
    for label in SNAPSHOT_APPS:
        if label not in installed:
            continue
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            alias = connection.ops.quote_name(model._meta.label)
            digest = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            columns.append(f"(SELECT {digest} FROM {table} t) AS {alias}")  # noqa: S608
    return "SELECT " + ", ".join(columns)


def snapshot() -> dict[str, str]:
    """A digest of every row of every table of our apps (many-to-many tables included), in one
    query."""
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def changed_models(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def body(response) -> str:
    if getattr(response, "streaming", False):
        # Reading to the end closes the response the test client's way (an explicit close()
        # would send request_finished again and close the test's database connection).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def log_in(client, world: World, role: str) -> None:
    if role != ANON:
        client.force_login(world.users[role])


def check_status(response, expected, world: World, where: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, not a login redirect"
        assert urlsplit(response.url).path == reverse(settings.LOGIN_URL), where
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, not a login redirect"
        assert urlsplit(response.url).path == reverse("admin:login"), where
    elif isinstance(expected, Redirect):
        assert response.status_code == 302, f"{where}: {response.status_code}, not a redirect"
        assert response.url == expected.to(world), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code} != {expected}"


# --- the table covers every URL ------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    # given the URLs the resolver knows (the admin's model pages aside)
    routes = site_routes()

    # then each has its cases, and the table names no URL that is gone
    missing = sorted(routes - covered_routes())
    assert not missing, f"URLs with no case in tests/security/matrix.py: {missing}"
    stale = sorted(covered_routes() - routes)
    assert not stale, f"cases of URLs that no longer exist: {stale}"


def test_every_case_resolves_to_its_route(security_world):
    for case in CASES:
        match = resolve(urlsplit(case.url(security_world)).path)
        assert match.view_name == case.route, case.id


def test_each_case_is_listed_once():
    ids = [case.id for case in CASES + ADMIN_CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_each_role_is_in_the_matrix_of_each_private_page():
    """A page with a GET case for anonymous users also says what each logged-in role gets."""
    for case in CASES:
        if case.method == "GET":
            assert set(case.expect) == set(ROLES), case.id


# --- the matrix ---------------------------------------------------------------------------------


def check_case(case: Case, world: World) -> list[str]:
    """Each role of the case in turn, each in its own savepoint; the problems found."""
    problems = []
    for role in ROLES:
        if role not in case.expect:
            continue
        where = f"{case.id} as {role}"
        with transaction.atomic():
            try:
                check_role(case, world, role, where)
            except AssertionError as error:
                problems.append(str(error).splitlines()[0])
            transaction.set_rollback(True)
    return problems


def check_role(case: Case, world: World, role: str, where: str) -> None:
    # given a user of this role
    client = Client()
    log_in(client, world, role)
    before = snapshot() if case.method != "GET" else None

    # when they request the URL
    response = case.request(client, world)
    text = body(response)

    # then they get the status of the table
    check_status(response, case.expect[role], world, where)
    # and a page they may read shows nothing they may not
    if response.status_code == 200 and case.absent and role in case.hide_from:
        shown = [marker for marker in case.absent(world) if marker in text]
        assert not shown, f"{where} shows {shown}"
    # and a write changed nothing
    if before is not None:
        changed = changed_models(before, snapshot())
        assert not changed, f"{where} changed {changed}"


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_matrix(security_world, case: Case):
    problems = check_case(case, security_world)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES if case.owner])
def test_the_forged_requests_would_change_data_if_they_were_let_through(
    client, security_world, case: Case
):
    """The refusals above are what stops each forged write: its owner's same request writes."""
    # given the user who may make this request
    side, _dot, attr = case.owner.rpartition(".")
    user = (
        getattr(security_world.side(side.upper()), attr)
        if side
        else security_world.users[case.owner]
    )
    client.force_login(user)
    before = snapshot()

    # when they send the very data of the forged request
    response = case.request(client, security_world)
    body(response)

    # then it is accepted and something changed
    assert response.status_code < 400, f"{case.id}: {response.status_code}"
    assert changed_models(before, snapshot()), case.id


# --- the Django admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in ADMIN_CASES])
def test_the_admin_is_for_staff_only(security_world, case: Case):
    problems = check_case(case, security_world)
    assert not problems, "\n".join(problems)


def test_staff_without_permissions_see_the_admin_index_but_no_model(client, security_world):
    # given a staff member with no permission at all
    client.force_login(UserFactory(staff=True))

    # then the admin opens, but neither a changelist nor the volunteer import
    assert client.get(reverse("admin:index")).status_code == 200
    changelist = reverse("admin:commitments_commitment_changelist")
    assert client.get(changelist).status_code == 403
    assert client.get(reverse("volunteers:import-create")).status_code == 404
