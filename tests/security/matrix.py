"""The permission matrix (R8, R40-R45, docs/roles.md): every URL of the site and the API, for each
role, against the objects of commune A (the user's own) and commune B (another commune's).

One ``Case`` is one request: a URL name, a target (which object its kwargs name), a method and
the status each role must get. A role missing from ``expect`` is not requested: it is an allowed
write, covered by the app's own tests. Every POST (and PUT, PATCH, DELETE) of the table must leave
the database unchanged; ``owner`` names a user who *may* make that same request, so that a test
proves the forged data would have changed something (the refusal is what stops it).

Adding a URL: ``test_every_url_is_in_the_matrix`` names it; add its cases to the list of its app
below (a GET case states every role; a write states the roles it refuses), with the objects of
A and of B the world in ``conftest.py`` provides (add one there if it lacks it).

Statuses: an ``int``; ``LOGIN`` (302 to the login page: the site's private pages for anonymous
users); ``ADMIN_LOGIN`` (302 to the admin's login page); ``Redirect(url)`` (302 to that address).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.security.conftest import PC, ROLES, VOLUNTEER, World

LOGIN = "login"
ADMIN_LOGIN = "admin-login"


@dataclass(frozen=True)
class Redirect:
    to: Callable[[World], str]


# --- the routes the resolver knows ---------------------------------------------------------------

# Routes that exist only in development (``DEBUG``: the media files) or in the benchmark's own
# server (``LOG_PORTAL_BENCH``: a constant answer), never in tests nor in production.
NOT_SERVED = {"^media/(?P<path>.*)$", "bench-minimal"}


def site_routes() -> set[str]:
    """Every route of the site: ``namespace:name`` (or the pattern when it has no name).

    The Django admin's own model pages are left out (one generic check covers them:
    ``ADMIN_CASES``); everything else, including included URLconfs, is listed.
    """
    found: set[str] = set()

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == admin.site.name or pattern.namespace == admin.site.name:
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    found.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", None)
    return found - NOT_SERVED


# --- cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    route: str
    target: str  # "-" (no object), "A", "B", "B-draft"...: what the kwargs name
    expect: dict[str, object]
    kwargs: Callable[[World], dict] = lambda w: {}
    method: str = "GET"
    data: Callable[[World], dict] | None = None
    json: bool = False  # send ``data`` as JSON (the API)
    query: str = ""
    # Texts a 200 answer must not contain, for the roles in ``hide_from`` (default: every role).
    absent: Callable[[World], list[str]] | None = None
    hide_from: tuple[str, ...] = ROLES
    # Who may make this very request: a path in the world ("staff", "b.pc", "b.member").
    owner: str | None = None
    # The address, when it cannot be reversed (the API's catch-all 404).
    path: Callable[[World], str] | None = None

    @property
    def id(self) -> str:
        return (
            f"{self.method} {self.route} [{self.target}]{' ?' + self.query if self.query else ''}"
        )

    def url(self, world: World) -> str:
        url = self.path(world) if self.path else reverse(self.route, kwargs=self.kwargs(world))
        return f"{url}?{self.query}" if self.query else url

    def request(self, client, world: World):
        url = self.url(world)
        data = self.data(world) if self.data else {}
        method = getattr(client, self.method.lower())
        if self.method == "GET":
            return method(url, data)
        if self.json:
            return method(url, json.dumps(data), content_type="application/json")
        if self.method == "POST":
            return method(url, data)
        # PUT, PATCH, DELETE of the test client send a body as is.
        return method(url, json.dumps(data), content_type="application/json")


def roles(default, **over) -> dict[str, object]:
    """Every role gets ``default`` unless named; ``None`` drops the role (not requested)."""
    unknown = set(over) - set(ROLES)
    assert not unknown, unknown
    result = {role: over.get(role, default) for role in ROLES}
    return {role: status for role, status in result.items() if status is not None}


# Common shapes of ``expect``.
PUBLIC = roles(200)
GONE = roles(404)  # a public page of something not public: missing for everyone
# The commune workspace (R41, R43): the point of contact and the volunteer of A see A; staff
# see everything; anyone else gets 404, exactly as if it did not exist; anonymous users log in.
MINE_VIEW = roles(404, anonymous=LOGIN, pc=200, volunteer=200, staff=200)
MINE_EDIT = roles(404, anonymous=LOGIN, pc=200, volunteer=403, staff=200)
OTHERS = roles(404, anonymous=LOGIN, staff=200)
STAFF_ONLY = roles(404, anonymous=LOGIN, staff=200)
LOGGED_IN = roles(200, anonymous=LOGIN)
# Refused writes on B's objects (staff may write them: not requested).
FORGED_ON_B = roles(404, anonymous=LOGIN, staff=None)
# Refused writes on A's objects: those who may write are not requested.
FORGED_ON_A_VIEW = roles(404, anonymous=LOGIN, pc=None, volunteer=None, staff=None)
FORGED_ON_A_EDIT = roles(404, anonymous=LOGIN, pc=None, volunteer=403, staff=None)
# The API refuses anonymous writes with 401 (a token or a session is needed).
API_FORGED_ON_B = roles(404, anonymous=401, staff=None)


def private_of_both(w: World) -> list[str]:
    return w.a.private_markers + w.b.private_markers


def everything_of_b(w: World) -> list[str]:
    return w.b.all_markers


def _today() -> str:
    return timezone.localdate().isoformat()


# --- form data of the forged requests ------------------------------------------------------------


def update_form(side: str):
    def data(w: World) -> dict:
        s = w.side(side)
        c, m, u = s.commitment, s.milestone, s.draft_update
        return {
            "form_token": f"forged-{side}",
            f"c{c.pk}-version": str(u.version),
            f"c{c.pk}-progress": "FORGED",
            f"c{c.pk}-completion_level": "limited",
            f"c{c.pk}-milestone_{m.pk}": "in_progress",
        }

    return data


def update_submit_form(side: str):
    def data(w: World) -> dict:
        return {**update_form(side)(w), "submit": "1"}

    return data


def commitment_form(side: str, *, draft: bool):
    def data(w: World) -> dict:
        s = w.side(side)
        plan = s.plan
        values = {
            "c-commune": str(s.commune.pk),
            "c-title": "FORGED",
            "c-title_en": "FORGED",
            "c-start_date": plan.start_date.isoformat(),
            "c-end_date": (plan.start_date + dt.timedelta(days=364)).isoformat(),
            "c-problem": "p",
            "c-status_quo": "s",
            "c-action": "a",
            "c-action_en": "a",
            "c-solution": "s",
            "c-long_term_goal": "g",
            "c-policy_areas": "fiscal_openness",
            "c-primary_sectors": "public_services",
            "c-ogp_values": "access_to_information",
            "actors-TOTAL_FORMS": "0",
            "actors-INITIAL_FORMS": "0",
            "actors-MIN_NUM_FORMS": "0",
            "actors-MAX_NUM_FORMS": "1000",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
            "milestones-MIN_NUM_FORMS": "0",
            "milestones-MAX_NUM_FORMS": "1000",
        }
        if draft:
            values["c-version"] = str(s.draft_commitment.version)
        return values

    return data


def evidence_form(w: World) -> dict:
    return {
        "url": "https://example.org/forged",
        "title": "FORGED",
        "kind": "other",
        "dated": _today(),
        "is_public": "on",
    }


def plan_form(w: World) -> dict:
    today = timezone.localdate()
    return {
        "title": "FORGED",
        "title_en": "FORGED",
        "vision_summary": "v",
        "vision_summary_en": "v",
        "start_date": dt.date(today.year + 3, 1, 1).isoformat(),
        "end_date": dt.date(
            today.year + 4, 3, 31
        ).isoformat(),  # R13: 2 months before the mandate ends
    }


def meeting_form(w: World) -> dict:
    return {
        "title": "FORGED",
        "held_on": _today(),
        "phase": "co_creation",
        "kind": "forum",
        "government_participants": "1",
        "non_government_participants": "1",
        "is_public": "on",
    }


def endorsement_form(side: str):
    def data(w: World) -> dict:
        return {
            "organisation": str(w.organisation.pk),
            "endorsed_on": _today(),
            "person_name": "FORGED",
            "person_title": "FORGED",
        }

    return data


def change_form(w: World) -> dict:
    return {
        "kind": "dates",
        "description": "FORGED",
        "reason": "FORGED",
        "how_decided": "FORGED",
        "decided_on": _today(),
    }


def api_update(side: str):
    def data(w: World) -> dict:
        s = w.side(side)
        return {
            "commitment": s.commitment.pk,
            "year": w.quarter.year,
            "quarter": w.quarter.number,
            "progress": "FORGED",
            "version": s.draft_update.version,
        }

    return data


def api_evidence(side: str, target: str):
    def data(w: World) -> dict:
        s = w.side(side)
        target_id = {
            "commitment": s.commitment.pk,
            "milestone": s.milestone.pk,
            "update": s.draft_update.pk,
        }[target]
        return {
            "target_type": target,
            "target_id": target_id,
            "kind": "other",
            "title": "FORGED",
            "dated": _today(),
            "url": "https://example.org/forged",
        }

    return data


# --- the table -----------------------------------------------------------------------------------


def k(side: str, attr: str, key: str = "pk", **extra):
    """kwargs naming ``w.<side>.<attr>.pk`` as ``key`` (plus fixed extras)."""
    return lambda w: {key: getattr(w.side(side), attr).pk, **extra}


def comments_page(side: str) -> Callable[[World], str]:
    return lambda w: reverse("commitments:comments", kwargs={"commune_pk": w.side(side).commune.pk})


def quarter_kwargs(side: str):
    return lambda w: {
        "commune_pk": w.side(side).commune.pk,
        "year": w.quarter.year,
        "quarter": w.quarter.number,
    }


def _workspace() -> list[Case]:
    cases = [
        Case("action_plans:home", "-", roles(302, anonymous=LOGIN)),
        Case(
            "commitments:home",
            "-",
            roles(
                302,
                anonymous=LOGIN,
                applicant=Redirect(lambda w: reverse("public:home")),
                pc=Redirect(lambda w: reverse("commitments:dashboard", args=[w.a.commune.pk])),
                volunteer=Redirect(
                    lambda w: reverse("commitments:dashboard", args=[w.a.commune.pk])
                ),
                monitor=Redirect(lambda w: reverse("monitoring:plan-list")),
                staff=200,
            ),
        ),
        Case(
            "commitments:dashboard",
            "A",
            MINE_VIEW,
            k("A", "commune", "commune_pk"),
            absent=everything_of_b,
            hide_from=(PC, VOLUNTEER),
        ),
        Case("commitments:dashboard", "B", OTHERS, k("B", "commune", "commune_pk")),
        Case(
            "commitments:quarter-update",
            "A",
            MINE_VIEW,
            quarter_kwargs("A"),
            absent=everything_of_b,
            hide_from=(PC, VOLUNTEER),
        ),
        Case("commitments:quarter-update", "B", OTHERS, quarter_kwargs("B")),
        Case(
            "commitments:quarter-update",
            "A",
            FORGED_ON_A_VIEW,
            quarter_kwargs("A"),
            method="POST",
            data=update_form("A"),
        ),
        Case(
            "commitments:quarter-update",
            "A-submit",
            roles(None, volunteer=403),
            quarter_kwargs("A"),
            method="POST",
            data=update_submit_form("A"),
            owner="a.pc",
        ),
        Case(
            "commitments:quarter-update",
            "B",
            FORGED_ON_B,
            quarter_kwargs("B"),
            method="POST",
            data=update_submit_form("B"),
            owner="staff",
        ),
        Case(
            "commitments:comments",
            "A",
            roles(404, anonymous=LOGIN, pc=200, staff=200),
            k("A", "commune", "commune_pk"),
            absent=everything_of_b,
            hide_from=(PC,),
        ),
        Case("commitments:comments", "B", OTHERS, k("B", "commune", "commune_pk")),
        # A GET (e.g. the language switch after a refused reply) goes back to the comments page,
        # for those who may moderate the comment only.
        Case(
            "commitments:comment-moderate",
            "A",
            roles(
                404,
                anonymous=LOGIN,
                pc=Redirect(comments_page("A")),
                staff=Redirect(comments_page("A")),
            ),
            k("A", "pending_comment"),
        ),
        Case(
            "commitments:comment-moderate",
            "B",
            roles(404, anonymous=LOGIN, staff=Redirect(comments_page("B"))),
            k("B", "pending_comment"),
        ),
        Case(
            "commitments:comment-moderate",
            "A",
            roles(404, anonymous=LOGIN, pc=None, staff=None),
            k("A", "pending_comment"),
            method="POST",
            data=lambda w: {"action": "approve"},
            owner="a.pc",
        ),
        Case(
            "commitments:comment-moderate",
            "B",
            FORGED_ON_B,
            k("B", "pending_comment"),
            method="POST",
            data=lambda w: {"action": "approve"},
            owner="staff",
        ),
        Case(
            "commitments:comment-moderate",
            "B-reply",
            FORGED_ON_B,
            k("B", "approved_comment"),
            method="POST",
            data=lambda w: {"action": "reply", f"r{w.b.approved_comment.pk}-reply": "FORGED"},
            owner="b.pc",
        ),
        Case(
            "commitments:plan",
            "A",
            MINE_VIEW,
            k("A", "plan"),
            absent=everything_of_b,
            hide_from=(PC, VOLUNTEER),
        ),
        Case("commitments:plan", "A-draft", MINE_VIEW, k("A", "draft_plan")),
        Case("commitments:plan", "B", OTHERS, k("B", "plan")),
        Case("commitments:plan", "B-draft", OTHERS, k("B", "draft_plan")),
        Case(
            "commitments:plan-submit", "B-draft", roles(405, anonymous=LOGIN), k("B", "draft_plan")
        ),
        Case(
            "commitments:plan-submit",
            "A-draft",
            FORGED_ON_A_EDIT,
            k("A", "draft_plan"),
            method="POST",
            data=lambda w: {"form_token": "forged"},
        ),
        Case(
            "commitments:plan-submit",
            "B-draft",
            FORGED_ON_B,
            k("B", "draft_plan"),
            method="POST",
            data=lambda w: {"form_token": "forged"},
        ),
        Case("commitments:create", "A", MINE_EDIT, k("A", "plan", "plan_pk")),
        Case("commitments:create", "B", OTHERS, k("B", "plan", "plan_pk")),
        Case(
            "commitments:create",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "draft_plan", "plan_pk"),
            method="POST",
            data=commitment_form("A", draft=False),
        ),
        Case(
            "commitments:create",
            "B",
            FORGED_ON_B,
            k("B", "plan", "plan_pk"),
            method="POST",
            data=commitment_form("B", draft=False),
            owner="staff",
        ),
        Case("commitments:edit", "A-draft", MINE_EDIT, k("A", "draft_commitment")),
        Case("commitments:edit", "B-draft", OTHERS, k("B", "draft_commitment")),
        Case(
            "commitments:edit",
            "A-draft",
            FORGED_ON_A_EDIT,
            k("A", "draft_commitment"),
            method="POST",
            data=commitment_form("A", draft=True),
        ),
        Case(
            "commitments:edit",
            "B-draft",
            FORGED_ON_B,
            k("B", "draft_commitment"),
            method="POST",
            data=commitment_form("B", draft=True),
            owner="staff",
        ),
        Case("commitments:change", "A", MINE_VIEW, k("A", "commitment")),
        Case("commitments:change", "B", OTHERS, k("B", "commitment")),
        Case(
            "commitments:change",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "commitment"),
            method="POST",
            data=change_form,
        ),
        Case(
            "commitments:change",
            "B",
            FORGED_ON_B,
            k("B", "commitment"),
            method="POST",
            data=change_form,
        ),
    ]
    evidence_targets = {
        "commitment": "commitment",
        "milestone": "milestone",
        "meeting": "meeting",
        "plan": "plan",
    }
    for target, attr in evidence_targets.items():
        view = MINE_VIEW
        forged_a = FORGED_ON_A_VIEW
        cases += [
            Case(
                "commitments:evidence-add",
                f"A-{target}",
                view,
                k("A", attr, target=target),
            ),
            Case("commitments:evidence-add", f"B-{target}", OTHERS, k("B", attr, target=target)),
            Case(
                "commitments:evidence-add",
                f"A-{target}",
                forged_a,
                k("A", attr, target=target),
                method="POST",
                data=evidence_form,
            ),
            Case(
                "commitments:evidence-add",
                f"B-{target}",
                FORGED_ON_B,
                k("B", attr, target=target),
                method="POST",
                data=evidence_form,
                owner="staff",
            ),
        ]
    cases.append(
        Case(
            "commitments:evidence-add",
            "A-unknown-target",
            roles(404, anonymous=LOGIN),
            k("A", "commitment", target="nothing"),
        )
    )
    # R24: an evidence file in the workspace (restricted ones and those of a draft update too),
    # for the people of its commitment's commune only.
    cases += [
        Case("commitments:evidence-file", "A", MINE_VIEW, k("A", "evidence")),
        Case("commitments:evidence-file", "A-restricted", MINE_VIEW, k("A", "restricted_evidence")),
        Case(
            "commitments:evidence-file",
            "A-draft-update",
            MINE_VIEW,
            k("A", "draft_update_evidence"),
        ),
        Case("commitments:evidence-file", "B", OTHERS, k("B", "evidence")),
        Case("commitments:evidence-file", "B-restricted", OTHERS, k("B", "restricted_evidence")),
        Case(
            "commitments:evidence-file",
            "B-draft-update",
            OTHERS,
            k("B", "draft_update_evidence"),
        ),
    ]
    cases += [
        Case("action_plans:create", "A", MINE_EDIT, k("A", "commune", "commune_pk")),
        Case("action_plans:create", "B", OTHERS, k("B", "commune", "commune_pk")),
        Case(
            "action_plans:create",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "commune", "commune_pk"),
            method="POST",
            data=plan_form,
        ),
        Case(
            "action_plans:create",
            "B",
            FORGED_ON_B,
            k("B", "commune", "commune_pk"),
            method="POST",
            data=plan_form,
            owner="staff",
        ),
        Case("action_plans:edit", "A-draft", MINE_EDIT, k("A", "draft_plan")),
        Case("action_plans:edit", "B-draft", OTHERS, k("B", "draft_plan")),
        Case(
            "action_plans:edit",
            "A-draft",
            FORGED_ON_A_EDIT,
            k("A", "draft_plan"),
            method="POST",
            data=plan_form,
        ),
        Case(
            "action_plans:edit",
            "B-draft",
            FORGED_ON_B,
            k("B", "draft_plan"),
            method="POST",
            data=plan_form,
            owner="staff",
        ),
        Case("action_plans:vision", "A", MINE_VIEW, k("A", "plan")),
        Case("action_plans:vision", "B", OTHERS, k("B", "plan")),
        Case("action_plans:vision-section", "A", MINE_VIEW, k("A", "plan", section="foreword")),
        Case("action_plans:vision-section", "B", OTHERS, k("B", "plan", section="foreword")),
        Case(
            "action_plans:vision-section",
            "A-unknown-section",
            roles(404, anonymous=LOGIN),
            k("A", "plan", section="nothing"),
        ),
        Case(
            "action_plans:vision-section",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "draft_plan", section="foreword"),
            method="POST",
            data=lambda w: {"foreword": "FORGED"},
        ),
        Case(
            "action_plans:vision-section",
            "B",
            FORGED_ON_B,
            k("B", "draft_plan", section="foreword"),
            method="POST",
            data=lambda w: {"foreword": "FORGED"},
            owner="staff",
        ),
        Case("action_plans:vision-document", "A", PUBLIC, k("A", "plan")),
        Case("action_plans:vision-document", "B", PUBLIC, k("B", "plan")),
        Case(
            "action_plans:vision-document",
            "A-draft",
            roles(404, pc=200, volunteer=200, staff=200),
            k("A", "draft_plan"),
        ),
        Case(
            "action_plans:vision-document", "B-draft", roles(404, staff=200), k("B", "draft_plan")
        ),
        Case("action_plans:meeting-create", "A", MINE_EDIT, k("A", "plan")),
        Case("action_plans:meeting-create", "B", OTHERS, k("B", "plan")),
        Case(
            "action_plans:meeting-create",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "plan"),
            method="POST",
            data=meeting_form,
        ),
        Case(
            "action_plans:meeting-create",
            "B",
            FORGED_ON_B,
            k("B", "plan"),
            method="POST",
            data=meeting_form,
            owner="staff",
        ),
        Case("action_plans:endorsement-create", "A", MINE_EDIT, k("A", "plan")),
        Case("action_plans:endorsement-create", "B", OTHERS, k("B", "plan")),
        Case(
            "action_plans:endorsement-create",
            "A",
            FORGED_ON_A_EDIT,
            k("A", "plan"),
            method="POST",
            data=endorsement_form("A"),
        ),
        Case(
            "action_plans:endorsement-create",
            "B",
            FORGED_ON_B,
            k("B", "plan"),
            method="POST",
            data=endorsement_form("B"),
            owner="staff",
        ),
    ]
    return cases


# Monitoring (R26, R42): the member's forms are for the members of the body, only.
MEMBER_ONLY = roles(404, anonymous=LOGIN, monitor=200)


def _monitoring() -> list[Case]:
    return [
        Case("monitoring:plan-list", "-", LOGGED_IN, absent=everything_of_b),
        Case("monitoring:plan-detail", "A", MEMBER_ONLY, k("A", "plan", "plan_pk")),
        Case("monitoring:plan-detail", "B", roles(404, anonymous=LOGIN), k("B", "plan", "plan_pk")),
        Case(
            "monitoring:plan-detail",
            "A",
            roles(404, anonymous=LOGIN, monitor=None),
            k("A", "plan", "plan_pk"),
            method="POST",
            data=lambda w: {"kind": "initial"},
        ),
        Case(
            "monitoring:plan-detail",
            "B",
            roles(404, anonymous=LOGIN),
            k("B", "plan", "plan_pk"),
            method="POST",
            data=lambda w: {"kind": "initial"},
        ),
        Case("monitoring:assessment-detail", "A", PUBLIC, k("A", "assessment")),
        Case("monitoring:assessment-detail", "B", PUBLIC, k("B", "assessment")),
        Case("monitoring:assessment-detail", "B-draft", GONE, k("B", "draft_assessment")),
        Case("monitoring:assessment-detail", "B-reply", GONE, k("B", "reply_assessment")),
        Case("monitoring:assessment-edit", "A-draft", MEMBER_ONLY, k("A", "draft_assessment")),
        Case(
            "monitoring:assessment-edit",
            "B-draft",
            roles(404, anonymous=LOGIN),
            k("B", "draft_assessment"),
        ),
        Case(
            "monitoring:assessment-edit",
            "A-draft",
            roles(404, anonymous=LOGIN, monitor=None),
            k("A", "draft_assessment"),
            method="POST",
            data=lambda w: {"summary": "FORGED", "completion_level": "limited"},
        ),
        Case(
            "monitoring:assessment-edit",
            "B-draft",
            roles(404, anonymous=LOGIN),
            k("B", "draft_assessment"),
            method="POST",
            data=lambda w: {"summary": "FORGED", "completion_level": "limited"},
            owner="b.member",
        ),
        Case(
            "monitoring:assessment-share",
            "A-draft",
            roles(405, anonymous=LOGIN),
            k("A", "draft_assessment"),
        ),
        Case(
            "monitoring:assessment-share",
            "A-draft",
            roles(404, anonymous=LOGIN, monitor=None),
            k("A", "draft_assessment"),
            method="POST",
        ),
        Case(
            "monitoring:assessment-share",
            "B-draft",
            roles(404, anonymous=LOGIN),
            k("B", "draft_assessment"),
            method="POST",
            owner="b.member",
        ),
        Case(
            "monitoring:assessment-submit",
            "A-reply",
            roles(405, anonymous=LOGIN),
            k("A", "reply_assessment"),
        ),
        Case(
            "monitoring:assessment-submit",
            "A-reply",
            roles(404, anonymous=LOGIN, monitor=None),
            k("A", "reply_assessment"),
            method="POST",
        ),
        Case(
            "monitoring:assessment-submit",
            "B-reply",
            roles(404, anonymous=LOGIN),
            k("B", "reply_assessment"),
            method="POST",
            owner="b.member",
        ),
        Case(
            "monitoring:assessment-reply",
            "A-reply",
            roles(404, anonymous=LOGIN, pc=200),
            k("A", "reply_assessment"),
        ),
        Case(
            "monitoring:assessment-reply",
            "A-draft",
            roles(404, anonymous=LOGIN),
            k("A", "draft_assessment"),
        ),
        Case(
            "monitoring:assessment-reply",
            "B-reply",
            roles(404, anonymous=LOGIN),
            k("B", "reply_assessment"),
        ),
        Case(
            "monitoring:assessment-reply",
            "A-reply",
            roles(404, anonymous=LOGIN, pc=None),
            k("A", "reply_assessment"),
            method="POST",
            data=lambda w: {"commune_reply": "FORGED"},
        ),
        Case(
            "monitoring:assessment-reply",
            "B-reply",
            roles(404, anonymous=LOGIN),
            k("B", "reply_assessment"),
            method="POST",
            data=lambda w: {"commune_reply": "FORGED"},
            owner="b.pc",
        ),
        Case("monitoring:overdue-list", "-", STAFF_ONLY),
        Case("monitoring:report-plan", "B", roles(405), k("B", "plan", "plan_pk")),
        Case(
            "monitoring:report-plan",
            "B-draft",
            GONE,
            k("B", "draft_plan", "plan_pk"),
            method="POST",
            data=lambda w: {"language": "en"},
        ),
        Case("monitoring:report-assessment", "B", roles(405), k("B", "assessment")),
        Case(
            "monitoring:report-assessment",
            "B-draft",
            GONE,
            k("B", "draft_assessment"),
            method="POST",
            data=lambda w: {"language": "en"},
        ),
        Case(
            "monitoring:report-assessment",
            "B-reply",
            GONE,
            k("B", "reply_assessment"),
            method="POST",
            data=lambda w: {"language": "en"},
        ),
        Case("monitoring:report-programme", "-", STAFF_ONLY),
        Case(
            "monitoring:report-programme",
            "-",
            roles(404, anonymous=LOGIN, staff=None),
            method="POST",
            data=lambda w: {"language": "en"},
            owner="staff",
        ),
        Case("monitoring:report-detail", "A", PUBLIC, k("A", "plan_report")),
        Case("monitoring:report-detail", "B", PUBLIC, k("B", "plan_report")),
        Case("monitoring:report-detail", "B-assessment", PUBLIC, k("B", "assessment_report")),
        Case("monitoring:report-detail", "B-draft", GONE, k("B", "draft_plan_report")),
        Case(
            "monitoring:report-detail",
            "programme",
            roles(404, staff=200),
            lambda w: {"pk": w.programme_report.pk},
        ),
        Case("monitoring:report-download", "B", PUBLIC, k("B", "plan_report")),
        Case("monitoring:report-download", "B-draft", GONE, k("B", "draft_plan_report")),
        Case(
            "monitoring:report-download",
            "programme",
            roles(404, staff=200),
            lambda w: {"pk": w.programme_report.pk},
        ),
    ]


def _public() -> list[Case]:
    cases = [
        Case(name, "-", PUBLIC, absent=private_of_both)
        for name in (
            "public:home",
            "public:communes",
            "public:commitments",
            "public:data",
            "public:datapackage",
            "public:feed-updates",
            "public:sitemap",
        )
    ]
    cases += [
        Case(
            "public:commitments",
            "-",
            PUBLIC,
            query="q=ZQB",
            absent=private_of_both,
        ),
        Case(
            "public:commune",
            "A",
            PUBLIC,
            lambda w: {"slug": w.a.commune.slug},
            absent=private_of_both,
        ),
        Case(
            "public:commune",
            "B",
            PUBLIC,
            lambda w: {"slug": w.b.commune.slug},
            absent=private_of_both,
        ),
        Case("public:commune", "non-member", GONE, lambda w: {"slug": w.non_member.slug}),
        Case("public:plan", "B", PUBLIC, k("B", "plan"), absent=private_of_both),
        Case("public:plan", "B-draft", GONE, k("B", "draft_plan")),
        Case("public:commitment", "B", PUBLIC, k("B", "commitment"), absent=private_of_both),
        Case("public:commitment", "B-draft", GONE, k("B", "draft_commitment")),
        Case("public:commitment", "B-draft-plan", GONE, k("B", "draft_plan_commitment")),
        Case("public:comment-create", "B", roles(405), k("B", "update")),
        Case(
            "public:comment-create",
            "B-draft",
            GONE,
            k("B", "draft_update"),
            method="POST",
            data=lambda w: {
                f"c{w.b.draft_update.pk}-author_name": "FORGED",
                f"c{w.b.draft_update.pk}-author_email": "forged@example.org",
                f"c{w.b.draft_update.pk}-body": "FORGED",
            },
        ),
        Case(
            "public:comment-create",
            "B-invalid",
            roles(400),
            k("B", "update"),
            method="POST",
            data=lambda w: {f"c{w.b.update.pk}-author_name": "FORGED"},
            absent=private_of_both,
        ),
        Case("public:evidence", "B", PUBLIC, k("B", "evidence")),
        Case("public:evidence", "B-restricted", GONE, k("B", "restricted_evidence")),
        Case("public:evidence", "B-draft-update", GONE, k("B", "draft_update_evidence")),
        Case(
            "public:feed-commune",
            "B",
            PUBLIC,
            lambda w: {"slug": w.b.commune.slug},
            absent=private_of_both,
        ),
        Case("public:feed-commune", "non-member", GONE, lambda w: {"slug": w.non_member.slug}),
        Case("public:feed-commitment", "B", PUBLIC, k("B", "commitment"), absent=private_of_both),
        Case("public:feed-commitment", "B-draft", GONE, k("B", "draft_commitment")),
        Case(
            "public:data-download",
            "unknown",
            GONE,
            lambda w: {"name": "users", "fmt": "csv"},
        ),
    ]
    for name in ("communes", "plans", "commitments", "milestones", "updates", "assessments"):
        for fmt in ("csv", "json"):
            cases.append(
                Case(
                    "public:data-download",
                    f"{name}.{fmt}",
                    PUBLIC,
                    lambda w, name=name, fmt=fmt: {"name": name, "fmt": fmt},
                    absent=private_of_both,
                )
            )
    for section in ("pages", "communes", "plans", "commitments"):
        cases.append(
            Case(
                "public:sitemap-section",
                section,
                PUBLIC,
                lambda w, section=section: {"section": section},
                absent=lambda w: [
                    f"{reverse('public:plan', args=[w.b.draft_plan.pk])}</loc>",
                    f"{reverse('public:commitment', args=[w.b.draft_commitment.pk])}</loc>",
                    f"{reverse('public:commune', args=[w.non_member.slug])}</loc>",
                ],
            )
        )
    return cases


def _calls_and_accounts() -> list[Case]:
    bad_login = lambda w: {"username": w.b.pc.email, "password": "wrong"}  # noqa: E731
    return [
        Case("communes:call-list", "-", PUBLIC),
        Case("communes:call-detail", "open", PUBLIC, lambda w: {"pk": w.commune_call.pk}),
        Case(
            "communes:application-create",
            "open",
            PUBLIC,
            lambda w: {"pk": w.commune_call.pk},
        ),
        Case(
            "communes:application-create",
            "volunteer-call",
            GONE,
            lambda w: {"pk": w.volunteer_call.pk},
        ),
        Case(
            "communes:application-create",
            "invalid",
            PUBLIC,  # the form again, with its errors; nothing stored
            lambda w: {"pk": w.commune_call.pk},
            method="POST",
            data=lambda w: {"commune_name": "FORGED"},
        ),
        Case(
            "communes:application-receipt",
            "-",
            roles(Redirect(lambda w: reverse("communes:call-list"))),
        ),
        Case(
            "volunteers:application-create",
            "open",
            PUBLIC,
            lambda w: {"pk": w.volunteer_call.pk},
        ),
        Case(
            "volunteers:application-create",
            "invalid",
            PUBLIC,
            lambda w: {"pk": w.volunteer_call.pk},
            method="POST",
            data=lambda w: {"first_name": "FORGED"},
        ),
        Case("volunteers:import-create", "-", STAFF_ONLY),
        Case(
            "volunteers:import-create",
            "-",
            STAFF_ONLY,  # staff: the form again (no file); nothing stored
            method="POST",
            data=lambda w: {"call": str(w.volunteer_call.pk)},
        ),
        Case(
            "volunteers:import-detail",
            "-",
            STAFF_ONLY,
            lambda w: {"pk": w.application_import.pk},
        ),
        Case(
            "volunteers:import-detail",
            "-",
            roles(404, anonymous=LOGIN, staff=None),
            lambda w: {"pk": w.application_import.pk},
            method="POST",
        ),
        Case("login", "-", PUBLIC),
        Case("login", "wrong-password", PUBLIC, method="POST", data=bad_login),
        Case("logout", "-", roles(405)),
        Case(
            "admin-login",
            "-",
            roles(200, staff=Redirect(lambda w: reverse("admin:index"))),
        ),
        Case("admin-login", "wrong-password", PUBLIC, method="POST", data=bad_login),
        Case("two-factor", "-", LOGGED_IN),
        Case(
            "two-factor",
            "wrong-code",
            roles(400, anonymous=LOGIN),
            method="POST",
            data=lambda w: {"token": "000000"},
        ),
        # Without a password checked first, there is no code to ask for: back to the login.
        Case("two-factor-verify", "-", roles(LOGIN)),
        Case(
            "two-factor-verify",
            "-",
            roles(LOGIN),
            method="POST",
            data=lambda w: {"token": "000000"},
        ),
        Case("password_change", "-", LOGGED_IN),
        Case(
            "password_change",
            "wrong-password",
            LOGGED_IN,
            method="POST",
            data=lambda w: {
                "old_password": "wrong",
                "new_password1": "Forged-pass-123",
                "new_password2": "Forged-pass-123",
            },
        ),
        Case("password_change_done", "-", LOGGED_IN),
        Case("password_reset", "-", PUBLIC),
        Case(
            "password_reset",
            "unknown-address",
            roles(Redirect(lambda w: reverse("password_reset_done"))),
            method="POST",
            data=lambda w: {"email": "nobody@example.org"},
        ),
        Case("password_reset_done", "-", PUBLIC),
        Case(
            "password_reset_confirm",
            "forged-token",
            PUBLIC,  # "this link is invalid"
            lambda w: {"uidb64": "MQ", "token": "forged-token"},
        ),
        Case("password_reset_complete", "-", PUBLIC),
        Case("set_language", "-", roles(Redirect(lambda w: "/"))),
        Case(
            "set_language",
            "-",
            roles(Redirect(lambda w: "/")),
            method="POST",
            data=lambda w: {"language": "en", "next": "/"},
        ),
        Case("healthz", "-", PUBLIC),
    ]


# The API (R32): reading is public, writes need a token or a session, and the objects of another
# commune (or body) answer 404 exactly like missing ones.
API_LISTS = (
    "cohort",
    "commune",
    "plan",
    "vision",
    "commitment",
    "milestone",
    "update",
    "evidence",
    "comment",
    "assessment",
)


def _api() -> list[Case]:
    cases = [
        Case("api:schema", "-", PUBLIC),
        Case("api:docs", "-", PUBLIC),
        Case("api:tokens", "-", LOGGED_IN),
        Case(
            "api:tokens",
            "-",
            roles(400, anonymous=LOGIN),
            method="POST",
            data=lambda w: {"action": "forged"},
        ),
        Case(
            "api:tokens",
            "revoke",
            roles(None, anonymous=LOGIN),
            method="POST",
            data=lambda w: {"action": "revoke"},
        ),
        Case("api:not-found", "-", GONE, path=lambda w: "/api/v1/nothing-here/"),
        Case(
            "api:not-found",
            "-",
            GONE,
            method="POST",
            data=lambda w: {"title": "FORGED"},
            path=lambda w: "/api/v1/nothing-here/",
        ),
    ]
    cases += [
        Case(
            f"api:{name}-list",
            "-",
            PUBLIC,
            absent=lambda w: [*private_of_both(w), w.non_member.slug],
            query="page_size=200",
        )
        for name in API_LISTS
    ]
    details = [
        ("cohort", "-", PUBLIC, lambda w: {"pk": w.commune_call.cohort_id}),
        ("commune", "B", PUBLIC, lambda w: {"pk": w.b.commune.pk}),
        # R10, R31: as on the public site, a commune that is not a member is not published.
        ("commune", "non-member", GONE, lambda w: {"pk": w.non_member.pk}),
        ("plan", "B", PUBLIC, k("B", "plan")),
        ("plan", "B-draft", GONE, k("B", "draft_plan")),
        ("vision", "B", PUBLIC, k("B", "vision")),
        ("commitment", "B", PUBLIC, k("B", "commitment")),
        ("commitment", "B-draft", GONE, k("B", "draft_commitment")),
        ("commitment", "B-draft-plan", GONE, k("B", "draft_plan_commitment")),
        ("milestone", "B", PUBLIC, k("B", "milestone")),
        ("update", "B", PUBLIC, k("B", "update")),
        ("update", "B-draft", GONE, k("B", "draft_update")),
        ("evidence", "B", PUBLIC, k("B", "evidence")),
        ("evidence", "B-restricted", GONE, k("B", "restricted_evidence")),
        ("evidence", "B-draft-update", GONE, k("B", "draft_update_evidence")),
        ("comment", "B", PUBLIC, k("B", "approved_comment")),
        ("comment", "B-pending", GONE, k("B", "pending_comment")),
        ("assessment", "B", PUBLIC, k("B", "assessment")),
        ("assessment", "B-draft", GONE, k("B", "draft_assessment")),
        ("assessment", "B-reply", GONE, k("B", "reply_assessment")),
    ]
    for name, target, expect, kwargs in details:
        cases.append(Case(f"api:{name}-detail", target, expect, kwargs, absent=private_of_both))
    # Read-only resources: no method changes them, whoever asks.
    writable = {"update", "evidence"}
    for name, target, _expect, kwargs in details:
        if target != "B" and target != "-":
            continue
        authenticated_write = name in writable
        refused = roles(405, anonymous=401) if authenticated_write else roles(405)
        for method in ("PUT", "PATCH", "DELETE"):
            cases.append(
                Case(
                    f"api:{name}-detail",
                    target,
                    refused,
                    kwargs,
                    method=method,
                    data=lambda w: {"title": "FORGED", "progress": "FORGED"},
                )
            )
        cases.append(
            Case(
                f"api:{name}-list",
                "-",
                roles(404, anonymous=401, staff=None) if authenticated_write else roles(405),
                method="POST",
                json=True,
                data=api_update("B") if name == "update" else api_evidence("B", "commitment"),
                owner="b.pc" if authenticated_write else None,
            )
        )
    cases += [
        Case(
            "api:update-list",
            "A",
            roles(404, anonymous=401, pc=None, volunteer=None, staff=None),
            method="POST",
            json=True,
            data=api_update("A"),
        ),
        Case("api:update-submit", "B-draft", roles(405, anonymous=401), k("B", "draft_update")),
        Case(
            "api:update-submit",
            "A-draft",
            roles(404, anonymous=401, pc=None, volunteer=403, staff=None),
            k("A", "draft_update"),
            method="POST",
            json=True,
            data=lambda w: {"version": w.a.draft_update.version},
            owner="a.pc",
        ),
        Case(
            "api:update-submit",
            "B-draft",
            API_FORGED_ON_B,
            k("B", "draft_update"),
            method="POST",
            json=True,
            data=lambda w: {"version": w.b.draft_update.version},
            owner="b.pc",
        ),
        Case("api:evidence-download", "B", PUBLIC, k("B", "evidence")),
        Case("api:evidence-download", "B-restricted", GONE, k("B", "restricted_evidence")),
        Case("api:evidence-download", "B-draft-update", GONE, k("B", "draft_update_evidence")),
        Case("api:assessment-submit", "B-reply", roles(405), k("B", "reply_assessment")),
        Case(
            "api:assessment-submit",
            "A-reply",
            roles(404, anonymous=401, monitor=None),
            k("A", "reply_assessment"),
            method="POST",
            json=True,
            data=lambda w: {"note": "FORGED"},
            owner="a.member",
        ),
        Case(
            "api:assessment-submit",
            "B-reply",
            roles(404, anonymous=401),
            k("B", "reply_assessment"),
            method="POST",
            json=True,
            data=lambda w: {"note": "FORGED"},
            owner="b.member",
        ),
    ]
    for target in ("milestone", "update"):
        cases.append(
            Case(
                "api:evidence-list",
                f"B-{target}",
                API_FORGED_ON_B,
                method="POST",
                json=True,
                data=api_evidence("B", target),
                owner="b.pc",
            )
        )
    cases.append(
        Case(
            "api:evidence-list",
            "A-commitment",
            roles(404, anonymous=401, pc=None, volunteer=None, staff=None),
            method="POST",
            json=True,
            data=api_evidence("A", "commitment"),
        )
    )
    return cases


def admin_file(obj: Callable[[World], object], field_name: str):
    """kwargs of the staff download of ``obj``'s file field ``field_name``."""

    def kwargs(w: World) -> dict:
        target = obj(w)
        return {
            "app_label": target._meta.app_label,
            "model_name": target._meta.model_name,
            "pk": target.pk,
            "field_name": field_name,
        }

    return kwargs


# R8, R40: stored files open in the admin through one staff download view, never /media/.
STAFF_FILE = roles(404, anonymous=ADMIN_LOGIN, staff=200)


def _admin_files() -> list[Case]:
    return [
        Case("admin-file", "cv", STAFF_FILE, admin_file(lambda w: w.volunteer_application, "cv")),
        Case(
            "admin-file", "import", STAFF_FILE, admin_file(lambda w: w.application_import, "file")
        ),
        Case("admin-file", "B-letter", STAFF_FILE, admin_file(lambda w: w.b.letter, "file")),
        Case("admin-file", "B-report", STAFF_FILE, admin_file(lambda w: w.b.plan_report, "file")),
        Case(
            "admin-file",
            "B-restricted-evidence",
            STAFF_FILE,
            admin_file(lambda w: w.b.restricted_evidence, "file"),
        ),
        Case(
            "admin-file",
            "B-draft-vision",
            STAFF_FILE,
            admin_file(lambda w: w.b.draft_vision, "documents"),
        ),
        # Only the allow-listed file fields: not another field, nor another model's.
        Case(
            "admin-file",
            "cv-not-a-file-field",
            roles(404, anonymous=ADMIN_LOGIN),
            admin_file(lambda w: w.volunteer_application, "email"),
        ),
        Case(
            "admin-file",
            "user-password",
            roles(404, anonymous=ADMIN_LOGIN),
            admin_file(lambda w: w.users["staff"], "password"),
        ),
        Case(
            "admin-file",
            "unknown-model",
            roles(404, anonymous=ADMIN_LOGIN),
            lambda w: {
                "app_label": "communes",
                "model_name": "nothing",
                "pk": 1,
                "field_name": "f",
            },
        ),
    ]


CASES: list[Case] = (
    _workspace() + _monitoring() + _public() + _calls_and_accounts() + _api() + _admin_files()
)


# --- the Django admin (R40): one index, one changelist, one change page --------------------------

ADMIN_CASES: list[Case] = [
    Case("admin:index", "-", roles(ADMIN_LOGIN, staff=200)),
    Case("admin:commitments_commitment_changelist", "-", roles(ADMIN_LOGIN, staff=200)),
    Case(
        "admin:commitments_commitment_change",
        "B",
        roles(ADMIN_LOGIN, staff=200),
        lambda w: {"object_id": w.b.draft_commitment.pk},
    ),
    Case("admin:volunteers_volunteerapplication_changelist", "-", roles(ADMIN_LOGIN, staff=200)),
    Case(
        "admin:monitoring_letter_change",
        "B",
        roles(ADMIN_LOGIN, staff=200),
        lambda w: {"object_id": w.b.letter.pk},
    ),
]


def covered_routes() -> set[str]:
    return {case.route for case in CASES}
