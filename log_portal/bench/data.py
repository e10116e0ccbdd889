"""The benchmark data set: DOMAIN.md section C at scale 1.0, generated from a seed.

At scale 1.0: 10,000 member communes (one point of contact each), one plan per commune with a
strategic vision, 3 co-creation meetings, an endorsement, a monitoring body and its submitted
initial assessment; 50,000 commitments (5 a plan, 2 actors each), 250,000 milestones (5 a
commitment), 500,000 quarterly updates (10 quarters, 2023-Q3 to 2025-Q4, for every
commitment), one milestone update per submitted update, public comments on one update in ten,
link evidence on every commitment and on one update in five, and 100,000 volunteer applications
in one call. The same seed and scale give the same rows.

The members follow the shape of monitoring's bench_inactivity command, so that the inactivity
check has work to do on AS_OF: 1 member in 10 left its last two quarters' updates as drafts
(R27d), 1 in 10 filed them without progress (R27c), the others progressed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    CommitmentStatusChange,
    Evidence,
    Milestone,
    MilestoneUpdate,
    OgpValue,
    PolicyArea,
    PrimarySector,
    QuarterlyUpdate,
)
from communes.models import Call, Cohort, Commune, MembershipStatusChange, Organisation
from log_portal.bench.copy import CopyTable
from log_portal.models import User
from log_portal.quarters import quarters_between
from monitoring.models import Assessment, MonitoredPlan, MonitoringBody
from volunteers.models import VolunteerApplication

# The check date the data is built for (the check after 2025-Q4's grace period).
AS_OF = dt.date(2026, 1, 16)
# Bumped whenever the generator changes, so that --keep reloads an outdated data set.
GENERATOR_VERSION = 1
FULL_SIZE = {
    "communes": 10_000,
    "commitments": 50_000,
    "milestones": 250_000,
    "updates": 500_000,
    "applications": 100_000,
}
COMMITMENTS_PER_PLAN = 5
MILESTONES_PER_COMMITMENT = 5
COUNTRIES = ["SN", "GN", "NE", "GW", "ML", "BF", "CI", "BJ", "TG", "CM"]
PLAN_START, PLAN_END = dt.date(2023, 7, 1), dt.date(2026, 12, 31)
COMMITMENT_END = dt.date(2026, 6, 30)
SUBMITTED_ON = dt.date(2023, 6, 15)
JOINED_ON = dt.date(2023, 1, 1)
QUARTERS = quarters_between(dt.date(2023, 7, 1), dt.date(2025, 12, 31))  # 10 quarters
JUDGED = set(QUARTERS[-2:])  # the last two ended quarters on AS_OF
BENCH_APPS = ("log_portal", "communes", "volunteers", "action_plans", "commitments", "monitoring")

WORDS = [
    "accès",
    "information",
    "budget",
    "participatif",
    "citoyens",
    "conseil",
    "municipal",
    "données",
    "ouvertes",
    "transparence",
    "redevabilité",
    "marché",
    "public",
    "commune",
    "quartier",
    "jeunes",
    "femmes",
    "associations",
    "société",
    "civile",
    "registre",
    "foncier",
    "état",
    "civil",
    "eau",
    "assainissement",
    "santé",
    "école",
    "marché",
    "collecte",
    "déchets",
    "plateforme",
    "numérique",
    "réunion",
    "publique",
    "forum",
    "concertation",
    "rapport",
    "trimestriel",
    "suivi",
    "évaluation",
    "indicateurs",
    "budget",
    "annuel",
    "recettes",
    "dépenses",
    "publication",
    "site",
    "internet",
    "radio",
    "communautaire",
    "affichage",
    "mairie",
    "délibérations",
    "procès-verbal",
    "plaintes",
    "réclamations",
    "numéro",
    "vert",
    "formation",
    "agents",
    "élus",
    "comité",
    "de",
    "pilotage",
    "charte",
    "engagement",
    "calendrier",
    "étape",
    "livrable",
    "atelier",
    "validation",
    "diagnostic",
    "cartographie",
    "services",
    "sociaux",
    "éclairage",
    "routes",
    "pistes",
    "rurales",
    "agriculture",
    "pêche",
    "élevage",
    "climat",
    "inondations",
    "environnement",
    "arbres",
    "reboisement",
    "énergie",
    "solaire",
    "impôts",
    "taxes",
    "fiscalité",
    "locale",
    "cadastre",
    "permis",
    "construire",
    "urbanisme",
    "transport",
    "mobilité",
    "sécurité",
    "police",
    "municipale",
    "jeunesse",
    "sport",
    "culture",
    "bibliothèque",
    "tourisme",
    "artisanat",
    "commerce",
]
SYLLABLES = [
    "ba",
    "bi",
    "bou",
    "da",
    "di",
    "dou",
    "fa",
    "ga",
    "gui",
    "ka",
    "ki",
    "kou",
    "la",
    "li",
    "lou",
    "ma",
    "mi",
    "mou",
    "na",
    "ni",
    "nou",
    "sa",
    "si",
    "sou",
    "ta",
    "ti",
    "tou",
    "ya",
]


def scaled(name: str, scale: float) -> int:
    """The number of rows of ``name`` at ``scale`` (at least one of each)."""
    return max(1, round(FULL_SIZE[name] * scale))


def dt_at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


@dataclass
class LoadResult:
    seed: int
    scale: float
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    reused: bool = False

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class Text:
    """Reproducible French-looking text from a pool of sentences."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sentences = [
            " ".join(rng.choices(WORDS, k=rng.randint(6, 16))).capitalize() + "."
            for _ in range(3000)
        ]

    def sentence(self) -> str:
        return self.rng.choice(self.sentences)

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.rng.choices(self.sentences, k=self.rng.randint(low, high)))

    def title(self) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(4, 9))).capitalize()


def signature(seed: int, scale: float) -> str:
    """What --keep compares: the generator version, the seed and the scale."""
    return f"log-portal-bench v{GENERATOR_VERSION} seed={seed} scale={scale:g}"


def loaded_signature() -> str | None:
    """The signature of the data set in this database, if one was loaded."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _mark(value: str | None) -> None:
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        if value is None:
            cursor.execute(f"COMMENT ON DATABASE {name} IS NULL")
        else:
            cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [value])


def bench_tables() -> list[str]:
    """Every table of the portal's own apps (their many-to-many tables included)."""
    tables = []
    for label in BENCH_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.proxy and model._meta.managed:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def wipe() -> None:
    """Empty the portal's tables (and what references them), restarting their ids at 1."""
    _mark(None)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {', '.join(quote(t) for t in bench_tables())} RESTART IDENTITY CASCADE"
        )


def reset_sequences() -> None:
    models = [
        model
        for label in BENCH_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def analyze(*, vacuum: bool) -> None:
    """Planner statistics (and the visibility map, outside a transaction) for fresh rows."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in bench_tables():
            cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {quote(table)}")


def load(
    *, seed: int, scale: float, keep: bool = False, log: Callable[[str], None] = print
) -> LoadResult:
    """Load the data set of ``seed`` and ``scale``; with ``keep``, reuse it when already there."""
    result = LoadResult(seed=seed, scale=scale)
    wanted = signature(seed, scale)
    if keep and loaded_signature() == wanted:
        result.reused = True
        result.rows = {
            "communes": Commune.objects.count(),
            "commitments": Commitment.objects.count(),
            "milestones": Milestone.objects.count(),
            "updates": QuarterlyUpdate.objects.count(),
            "applications": VolunteerApplication.objects.count(),
        }
        log(f"Reusing the loaded data set ({wanted}).")
        return result
    started = time.monotonic()
    wipe()
    generator = Generator(seed=seed, scale=scale, log=log)
    result.rows = generator.run()
    reset_sequences()
    analyze(vacuum=connection.get_autocommit())
    _mark(wanted)
    result.seconds = time.monotonic() - started
    log(f"Loaded {result.total_rows:,} rows in {result.seconds:.1f} s ({wanted}).")
    return result


class Generator:
    """Writes every table of the data set with COPY, ids assigned from 1."""

    def __init__(self, *, seed: int, scale: float, log: Callable[[str], None]) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.text = Text(self.rng)
        self.log = log
        self.communes = scaled("communes", scale)
        self.applications = scaled("applications", scale)
        self.bodies = max(1, self.communes // 20)
        self.rows: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        for name, step in (
            ("users", self.users),
            ("communes", self.commune_rows),
            ("organisations", self.organisations),
            ("status changes", self.status_changes),
            ("plans", self.plans),
            ("meetings", self.meetings),
            ("monitoring", self.monitoring),
            ("commitments", self.commitments),
            ("actors", self.actors),
            ("milestones", self.milestones),
            ("updates", self.updates),
            ("applications", self.volunteer_applications),
        ):
            started = time.monotonic()
            before = sum(self.rows.values())
            step()
            self.log(
                f"  {name}: {sum(self.rows.values()) - before:,} rows "
                f"in {time.monotonic() - started:.1f} s"
            )
        return self.rows

    def _load(self, name: str, table: CopyTable, rows: Iterator[tuple]) -> None:
        self.rows[name] = self.rows.get(name, 0) + table.load(rows)

    # -- people and places --------------------------------------------------------------------

    def users(self) -> None:
        table = CopyTable(
            User,
            ["id", "email", "full_name", "date_joined"],
            {"password": "!", "is_active": True, "is_staff": False, "is_superuser": False},
        )
        joined = dt_at(JOINED_ON)
        self._load(
            "users",
            table,
            (
                (i, f"pc{i}@bench.example.org", f"Point de contact {i}", joined)
                for i in range(1, self.communes + 1)
            ),
        )

    def commune_name(self, i: int) -> str:
        syllables = self.rng.choices(SYLLABLES, k=self.rng.randint(2, 3))
        return f"{''.join(syllables).capitalize()} {i}"

    def commune_rows(self) -> None:
        table = CopyTable(
            Commune,
            [
                "id",
                "name",
                "slug",
                "country",
                "region",
                "population",
                "mayor_name",
                "mandate_start",
                "mandate_end",
                "membership_status",
                "membership_status_since",
                "joined_on",
                "point_of_contact_id",
                "lead_agency",
                "lead_agency_contact",
                "lead_agency_email",
                "created_at",
                "updated_at",
            ],
        )
        stamp = dt_at(JOINED_ON)

        def rows():
            for i in range(1, self.communes + 1):
                name = self.commune_name(i)
                yield (
                    i,
                    name,
                    name.lower().replace(" ", "-"),
                    COUNTRIES[i % len(COUNTRIES)],
                    f"Région {i % 40}",
                    self.rng.randint(5_000, 900_000),
                    f"Maire {i}",
                    dt.date(2022, 1, 1),
                    dt.date(2027, 3, 31),
                    Commune.MembershipStatus.ACTIVE.value,
                    JOINED_ON,
                    JOINED_ON,
                    i,
                    "Secrétariat général de la mairie",
                    f"Contact {i}",
                    f"mairie{i}@bench.example.org",
                    stamp,
                    stamp + dt.timedelta(seconds=i),
                )

        self._load("communes", table, rows())

    def organisations(self) -> None:
        table = CopyTable(
            Organisation,
            ["id", "name", "kind", "country", "commune_id", "created_at", "updated_at"],
        )
        stamp = dt_at(JOINED_ON)
        kinds = [k.value for k in Organisation.Kind]
        self._load(
            "organisations",
            table,
            (
                (
                    i,
                    f"Association {i}",
                    kinds[i % len(kinds)],
                    COUNTRIES[i % len(COUNTRIES)],
                    i,
                    stamp,
                    stamp,
                )
                for i in range(1, self.communes + 1)
            ),
        )

    def status_changes(self) -> None:
        table = CopyTable(
            MembershipStatusChange,
            ["id", "commune_id", "effective_on", "created_at", "updated_at"],
            {
                "from_status": Commune.MembershipStatus.NOT_MEMBER.value,
                "to_status": Commune.MembershipStatus.ACTIVE.value,
                "rule": "staff",
                "reason": "Adhésion à OGP Local.",
            },
        )
        stamp = dt_at(JOINED_ON)
        self._load(
            "status changes",
            table,
            ((i, i, JOINED_ON, stamp, stamp) for i in range(1, self.communes + 1)),
        )

    # -- plans ----------------------------------------------------------------------------------

    def plans(self) -> None:
        n = self.communes
        text = self.text
        stamp = dt_at(SUBMITTED_ON)
        plan_table = CopyTable(
            ActionPlan,
            [
                "id",
                "coordinating_commune_id",
                "title",
                "title_en",
                "vision_summary",
                "vision_summary_en",
                "created_at",
                "updated_at",
            ],
            {
                "start_date": PLAN_START,
                "end_date": PLAN_END,
                "status": ActionPlan.Status.IMPLEMENTATION.value,
                "submitted_on": SUBMITTED_ON,
            },
        )
        self._load(
            "plans",
            plan_table,
            (
                (
                    i,
                    i,
                    f"Plan d'action OGP Local {i}",
                    f"OGP Local action plan {i}",
                    text.paragraph(),
                    text.paragraph(),
                    stamp,
                    stamp,
                )
                for i in range(1, n + 1)
            ),
        )
        through = ActionPlan.communes.through
        self._load(
            "plan communes",
            CopyTable(through, ["id", "actionplan_id", "commune_id"]),
            ((i, i, i) for i in range(1, n + 1)),
        )
        vision = CopyTable(
            StrategicVision,
            [
                "id",
                "plan_id",
                "foreword",
                "long_term_vision",
                "challenges",
                "medium_term_goals",
                "created_at",
                "updated_at",
            ],
            {"mandate_end": dt.date(2027, 3, 31), "plan_end": PLAN_END, "number_of_meetings": 3},
        )
        self._load(
            "visions",
            vision,
            (
                (
                    i,
                    i,
                    text.paragraph(),
                    text.paragraph(),
                    text.paragraph(),
                    text.paragraph(),
                    stamp,
                    stamp,
                )
                for i in range(1, n + 1)
            ),
        )
        endorsement = CopyTable(
            Endorsement,
            ["id", "plan_id", "organisation_id", "created_at", "updated_at"],
            {"endorsed_on": dt.date(2023, 6, 1), "person_name": "Présidente"},
        )
        self._load(
            "endorsements",
            endorsement,
            ((i, i, i, stamp, stamp) for i in range(1, n + 1)),
        )

    def meetings(self) -> None:
        # R19, R29: one co-creation meeting, then two in the last 12 months of AS_OF.
        schedule = (
            (dt.date(2023, 5, 1), CoCreationMeeting.Phase.CO_CREATION.value, True),
            (dt.date(2025, 3, 1), CoCreationMeeting.Phase.IMPLEMENTATION.value, False),
            (dt.date(2025, 9, 1), CoCreationMeeting.Phase.IMPLEMENTATION.value, False),
        )
        table = CopyTable(
            CoCreationMeeting,
            [
                "id",
                "plan_id",
                "held_on",
                "phase",
                "is_forum",
                "title",
                "location",
                "description",
                "created_at",
                "updated_at",
            ],
            {
                "kind": CoCreationMeeting.Kind.FORUM.value,
                "government_participants": 3,
                "non_government_participants": 5,
                "is_public": True,
            },
        )

        def rows():
            pk = 0
            for plan in range(1, self.communes + 1):
                for held_on, phase, forum in schedule:
                    pk += 1
                    yield (
                        pk,
                        plan,
                        held_on,
                        phase,
                        forum,
                        "Forum multi-acteurs",
                        "Salle de délibérations",
                        self.text.sentence(),
                        dt_at(held_on),
                        dt_at(held_on),
                    )

        self._load("meetings", table, rows())
        through = CoCreationMeeting.organisations.through
        self._load(
            "meeting organisations",
            CopyTable(through, ["id", "cocreationmeeting_id", "organisation_id"]),
            ((m, m, (m - 1) // 3 + 1) for m in range(1, 3 * self.communes + 1)),
        )

    def monitoring(self) -> None:
        stamp = dt_at(SUBMITTED_ON)
        self._load(
            "monitoring bodies",
            CopyTable(
                MonitoringBody,
                ["id", "name", "country", "description", "created_at", "updated_at"],
            ),
            (
                (
                    i,
                    f"Observatoire citoyen {i}",
                    COUNTRIES[i % len(COUNTRIES)],
                    self.text.sentence(),
                    stamp,
                    stamp,
                )
                for i in range(1, self.bodies + 1)
            ),
        )
        self._load(
            "monitored plans",
            CopyTable(
                MonitoredPlan,
                ["id", "plan_id", "body_id", "created_at", "updated_at"],
                {"appointed_on": SUBMITTED_ON},
            ),
            ((i, i, (i - 1) % self.bodies + 1, stamp, stamp) for i in range(1, self.communes + 1)),
        )
        submitted = dt_at(dt.date(2023, 8, 10))
        findings = {
            key: {"met": True, "notes": ""}
            for key in ("forum", "regularity", "multi_stakeholder", "endorsement")
        }
        self._load(
            "assessments",
            CopyTable(
                Assessment,
                [
                    "id",
                    "plan_id",
                    "body_id",
                    "summary",
                    "co_creation_findings",
                    "created_at",
                    "updated_at",
                ],
                {
                    "kind": Assessment.Kind.INITIAL.value,
                    "due_on": dt.date(2023, 8, 15),
                    "status": Assessment.Status.SUBMITTED.value,
                    "submitted_at": submitted,
                },
            ),
            (
                (
                    i,
                    i,
                    (i - 1) % self.bodies + 1,
                    self.text.paragraph(),
                    findings,
                    submitted,
                    submitted,
                )
                for i in range(1, self.communes + 1)
            ),
        )

    # -- commitments ----------------------------------------------------------------------------

    def commitments(self) -> None:
        text, rng = self.text, self.rng
        areas = [v.value for v in PolicyArea]
        sectors = [v.value for v in PrimarySector]
        values = [v.value for v in OgpValue]
        stamp = dt_at(SUBMITTED_ON)
        last = dt_at(QUARTERS[-1].end + dt.timedelta(days=10))
        table = CopyTable(
            Commitment,
            [
                "id",
                "plan_id",
                "commune_id",
                "title",
                "title_en",
                "problem",
                "status_quo",
                "action",
                "action_en",
                "solution",
                "long_term_goal",
                "policy_areas",
                "primary_sectors",
                "ogp_values",
                "budget_amount",
                "budget_currency",
                "resources_secured",
                "created_at",
                "updated_at",
            ],
            {
                "start_date": PLAN_START,
                "end_date": COMMITMENT_END,
                "status": Commitment.Status.ONGOING.value,
                "submitted_on": SUBMITTED_ON,
            },
        )

        def rows():
            for plan in range(1, self.communes + 1):
                for n in range(COMMITMENTS_PER_PLAN):
                    pk = (plan - 1) * COMMITMENTS_PER_PLAN + n + 1
                    yield (
                        pk,
                        plan,
                        plan,
                        text.title(),
                        text.title(),
                        text.paragraph(),
                        text.paragraph(),
                        text.paragraph(),
                        text.paragraph(1, 2),
                        text.paragraph(),
                        text.sentence(),
                        rng.sample(areas, 2),
                        rng.sample(sectors, 1),
                        rng.sample(values, rng.randint(1, 2)),
                        rng.randint(1, 500) * 100_000,
                        "XOF",
                        rng.choice(("yes", "no", "partially")),
                        stamp,
                        last,
                    )

        self._load("commitments", table, rows())
        self._load(
            "commitment status changes",
            CopyTable(
                CommitmentStatusChange,
                ["id", "commitment_id", "created_at", "updated_at"],
                {
                    "from_status": Commitment.Status.SUBMITTED.value,
                    "to_status": Commitment.Status.ONGOING.value,
                    "note": "Mise en œuvre.",
                },
            ),
            ((i, i, stamp, stamp) for i in range(1, self.commitment_count + 1)),
        )

    @property
    def commitment_count(self) -> int:
        return self.communes * COMMITMENTS_PER_PLAN

    def actors(self) -> None:
        stamp = dt_at(SUBMITTED_ON)
        table = CopyTable(
            CommitmentActor,
            [
                "id",
                "commitment_id",
                "role",
                "organisation_id",
                "organisation_name",
                "contact_name",
                "created_at",
                "updated_at",
            ],
        )

        def rows():
            for c in range(1, self.commitment_count + 1):
                commune = (c - 1) // COMMITMENTS_PER_PLAN + 1
                yield (
                    2 * c - 1,
                    c,
                    CommitmentActor.Role.LEAD_GOVERNMENT.value,
                    None,
                    "Direction des services techniques",
                    f"Chef de service {c}",
                    stamp,
                    stamp,
                )
                yield (
                    2 * c,
                    c,
                    CommitmentActor.Role.NON_GOVERNMENT_LEAD.value,
                    commune,
                    "",
                    f"Coordinatrice {c}",
                    stamp,
                    stamp,
                )

        self._load("actors", table, rows())
        self._load(
            "evidence",
            CopyTable(
                Evidence,
                ["id", "commitment_id", "title", "url", "dated", "created_at", "updated_at"],
                {"kind": Evidence.Kind.DECISION.value, "is_public": True},
            ),
            (
                (
                    c,
                    c,
                    "Arrêté municipal",
                    f"https://bench.example.org/decisions/{c}.pdf",
                    SUBMITTED_ON,
                    stamp,
                    stamp,
                )
                for c in range(1, self.commitment_count + 1)
            ),
        )
        self.evidence_pk = self.commitment_count

    def member_kind(self, commitment_pk: int) -> int:
        """0: no submitted update in the judged quarters, 1: no progress, else progressed."""
        return ((commitment_pk - 1) // COMMITMENTS_PER_PLAN) % 10

    def milestones(self) -> None:
        rng, text = self.rng, self.text
        statuses = [
            Milestone.Status.NOT_STARTED.value,
            Milestone.Status.IN_PROGRESS.value,
            Milestone.Status.COMPLETE.value,
            Milestone.Status.BLOCKED.value,
        ]
        table = CopyTable(
            Milestone,
            [
                "id",
                "commitment_id",
                "position",
                "description",
                "start_month",
                "end_month",
                "responsible_organisation",
                "status",
                "created_at",
                "updated_at",
            ],
        )
        stamp = dt_at(SUBMITTED_ON)
        last = dt_at(QUARTERS[-1].end + dt.timedelta(days=10))

        def rows():
            pk = 0
            for c in range(1, self.commitment_count + 1):
                kind = self.member_kind(c)
                for position in range(MILESTONES_PER_COMMITMENT):
                    pk += 1
                    start = add_months(PLAN_START, 6 * position)
                    if position == 0:
                        status = "complete" if kind >= 2 else "in_progress"
                    else:
                        status = rng.choice(statuses)
                    yield (
                        pk,
                        c,
                        position,
                        text.sentence(),
                        start,
                        add_months(start, 5),
                        "Mairie",
                        status,
                        stamp,
                        last if position == 0 else stamp,
                    )

        self._load("milestones", table, rows())

    def updates(self) -> None:
        text = self.text
        update_table = CopyTable(
            QuarterlyUpdate,
            [
                "id",
                "commitment_id",
                "year",
                "quarter",
                "status",
                "progress",
                "delay_reasons",
                "next_steps",
                "submitted_at",
                "submitted_by_id",
                "created_at",
                "updated_at",
            ],
        )
        move_table = CopyTable(
            MilestoneUpdate,
            [
                "id",
                "update_id",
                "milestone_id",
                "previous_status",
                "new_status",
                "created_at",
                "updated_at",
            ],
        )
        comment_table = CopyTable(
            Comment,
            [
                "id",
                "update_id",
                "author_name",
                "author_email",
                "body",
                "status",
                "reply",
                "ip_hash",
                "created_at",
                "updated_at",
            ],
        )
        evidence_table = CopyTable(
            Evidence,
            ["id", "update_id", "title", "url", "dated", "created_at", "updated_at"],
            {"kind": Evidence.Kind.PHOTO.value, "is_public": True},
        )
        moves: list[tuple] = []
        comments: list[tuple] = []
        evidence: list[tuple] = []
        submitted_status = QuarterlyUpdate.Status.SUBMITTED.value
        draft_status = QuarterlyUpdate.Status.DRAFT.value
        last_two = QUARTERS[-2:]

        def rows():
            pk = 0
            for c in range(1, self.commitment_count + 1):
                kind = self.member_kind(c)
                user = (c - 1) // COMMITMENTS_PER_PLAN + 1
                first_milestone = (c - 1) * MILESTONES_PER_COMMITMENT + 1
                for index, quarter in enumerate(QUARTERS):
                    pk += 1
                    draft = kind == 0 and quarter in JUDGED
                    at = dt_at(quarter.end + dt.timedelta(days=5 + (c % 9)))
                    yield (
                        pk,
                        c,
                        quarter.year,
                        quarter.number,
                        draft_status if draft else submitted_status,
                        text.paragraph(),
                        "" if kind >= 2 else text.sentence(),
                        text.sentence(),
                        None if draft else at,
                        None if draft else user,
                        at,
                        at,
                    )
                    if draft:
                        continue
                    # R27: progress in the judged quarters (kind >= 2) moves milestone 0;
                    # before them, each update reports one of the other milestones.
                    if quarter == last_two[0]:
                        move = (
                            (first_milestone, "not_started", "in_progress")
                            if kind >= 2
                            else (
                                first_milestone,
                                "in_progress",
                                "blocked",
                            )
                        )
                    elif quarter == last_two[1]:
                        move = (
                            (first_milestone, "in_progress", "complete")
                            if kind >= 2
                            else (
                                first_milestone,
                                "blocked",
                                "in_progress",
                            )
                        )
                    else:
                        move = (
                            first_milestone + 1 + index % (MILESTONES_PER_COMMITMENT - 1),
                            "not_started",
                            "in_progress" if index % 2 else "blocked",
                        )
                    moves.append((len(moves) + 1, pk, *move, at, at))
                    if pk % 10 == 0:
                        approved = pk % 50 != 0
                        comments.append(
                            (
                                len(comments) + 1,
                                pk,
                                f"Citoyen {pk}",
                                f"citoyen{pk}@bench.example.org",
                                text.paragraph(1, 3),
                                "approved" if approved else "pending",
                                text.sentence() if approved and pk % 20 == 0 else "",
                                f"{pk:064x}"[-64:],
                                at + dt.timedelta(days=2),
                                at + dt.timedelta(days=3),
                            )
                        )
                    if pk % 5 == 0:
                        self.evidence_pk += 1
                        evidence.append(
                            (
                                self.evidence_pk,
                                pk,
                                "Photo de l'activité",
                                f"https://bench.example.org/photos/{pk}.jpg",
                                quarter.end,
                                at,
                                at,
                            )
                        )

        self._load("updates", update_table, rows())
        self._load("milestone updates", move_table, iter(moves))
        self._load("comments", comment_table, iter(comments))
        self._load("evidence", evidence_table, iter(evidence))

    # -- selection ------------------------------------------------------------------------------

    def volunteer_applications(self) -> None:
        rng, text = self.rng, self.text
        self._load(
            "cohorts",
            CopyTable(
                Cohort,
                ["id", "name", "slug", "starts_on", "ends_on", "created_at", "updated_at"],
            ),
            iter(
                [
                    (
                        1,
                        "LOG 2025-2026",
                        "log-2025-2026",
                        dt.date(2025, 1, 1),
                        dt.date(2026, 12, 31),
                        dt_at(dt.date(2025, 1, 1)),
                        dt_at(dt.date(2025, 1, 1)),
                    )
                ]
            ),
        )
        self._load(
            "calls",
            CopyTable(
                Call,
                [
                    "id",
                    "cohort_id",
                    "kind",
                    "title",
                    "opens_at",
                    "closes_at",
                    "mission_start",
                    "created_at",
                    "updated_at",
                ],
            ),
            iter(
                [
                    (
                        1,
                        1,
                        Call.Kind.VOLUNTEER.value,
                        "Appel à volontaires VAGOA 2025",
                        dt.date(2025, 2, 1),
                        dt.date(2025, 3, 12),
                        dt.date(2025, 6, 1),
                        dt_at(dt.date(2025, 1, 15)),
                        dt_at(dt.date(2025, 1, 15)),
                    )
                ]
            ),
        )
        statuses = [s.value for s in VolunteerApplication.Status]
        genders = [g.value for g in VolunteerApplication.Gender]
        table = CopyTable(
            VolunteerApplication,
            [
                "id",
                "call_id",
                "receipt_number",
                "status",
                "first_name",
                "last_name",
                "email",
                "nationality",
                "country_of_residence",
                "gender",
                "languages",
                "competence_domain",
                "available_for_mission",
                "passport_expires_on",
                "motivation",
                "created_at",
                "updated_at",
            ],
        )
        opens = dt_at(dt.date(2025, 2, 1))

        def rows():
            for i in range(1, self.applications + 1):
                at = opens + dt.timedelta(seconds=i * 30)
                yield (
                    i,
                    1,
                    f"V-{i:06d}-BENCH",
                    rng.choice(statuses),
                    f"Prénom{i}",
                    f"Nom{i}",
                    f"volontaire{i}@bench.example.org",
                    rng.choice(COUNTRIES),
                    rng.choice(COUNTRIES),
                    rng.choice(genders),
                    ["fr"] if i % 3 else ["fr", "en"],
                    "Données ouvertes",
                    i % 7 != 0,
                    dt.date(2027, 1, 1) + dt.timedelta(days=i % 900),
                    text.paragraph(),
                    at,
                    at,
                )

        self._load("applications", table, rows())
