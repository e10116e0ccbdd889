"""Data and log-in for the workspace browser tests: one commune, its people and a plan of each kind."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from commitments.models import Commitment
from log_portal.quarters import Quarter
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommentFactory, QuarterlyUpdateFactory
from tests.commitments.workspace import _open_commitment
from tests.communes.factories import CommuneFactory, OrganisationFactory, UserFactory
from tests.volunteers.factories import MissionFactory, VolunteerFactory


def build_workspace() -> SimpleNamespace:
    """A member commune with its point of contact and a volunteer in mission; an open plan (an
    ongoing commitment with a milestone, a commitment submitted 10 days ago, a comment on a past
    update); a draft plan to co-create; a non-governmental organisation of the commune."""
    today = timezone.localdate()
    pc, volunteer = UserFactory(email="pc@example.org"), UserFactory(email="vol@example.org")
    commune = CommuneFactory(
        name="Dan-Kassari",
        member=True,
        point_of_contact=pc,
        mandate_end=dt.date(today.year + 4, 6, 30),
    )
    MissionFactory(
        volunteer=VolunteerFactory(user=volunteer, nationality="GN"),
        commune=commune,
        status="ongoing",
    )
    plan, commitment, milestone = _open_commitment(commune)
    recent = Commitment.objects.create(
        plan=plan,
        commune=commune,
        title="Marchés publics ouverts",
        title_en="Open procurement",
        start_date=commitment.start_date,
        end_date=commitment.end_date,
        status=Commitment.Status.ONGOING,
        submitted_on=today - dt.timedelta(days=10),
        policy_areas=commitment.policy_areas,
        primary_sectors=commitment.primary_sectors,
        ogp_values=commitment.ogp_values,
    )
    past = Quarter.containing(today).previous().previous()
    update = QuarterlyUpdateFactory(
        commitment=commitment, year=past.year, quarter=past.number, status="submitted"
    )
    comment = CommentFactory(update=update, body="Quand commence la formation ?")
    draft = ActionPlanFactory(
        coordinating_commune=commune,
        title="Plan 2027 de Dan-Kassari",
        start_date=dt.date(today.year + 1, 1, 1),
        end_date=dt.date(today.year + 2, 12, 31),
    )
    organisation = OrganisationFactory(name="Jeunesse active", commune=commune)
    return SimpleNamespace(
        commune=commune,
        pc=pc,
        volunteer=volunteer,
        plan=plan,
        commitment=commitment,
        milestone=milestone,
        recent=recent,
        comment=comment,
        draft=draft,
        organisation=organisation,
        quarter=Quarter.containing(today),
    )


def log_in(page, live_server, user) -> None:
    """Logs the page's browser context in as ``user``: a session made here, no login form (nor
    login signals: the throttling app wants a client address)."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def quarter_url(live_server, world, quarter=None) -> str:
    quarter = quarter or world.quarter
    return (
        f"{live_server.url}/workspace/commitments/communes/{world.commune.pk}"
        f"/updates/{quarter.year}/{quarter.number}/"
    )
