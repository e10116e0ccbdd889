"""Load the demo data: LOG phase 1 (2021-2022), its seven communes, and their OGP Local plans.

Development only (refused when DEBUG is off). Idempotent: a second run creates nothing and
only prints the demo logins. It writes through the apps' services where a rule applies, so
the demo data obeys the same rules as real data (R7, R13, R15, R16, R19, R21).
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from action_plans.services import plan_create, plan_start_implementation
from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    Evidence,
    Milestone,
    MilestoneUpdate,
    QuarterlyUpdate,
)
from commitments.services import commitment_create
from commitments.services import plan_submit as plan_submit_with_commitments
from communes.models import Call, Cohort, Commune, Organisation
from communes.services import membership_status_change
from log_portal.models import User
from monitoring.models import Assessment, MonitoringBody
from monitoring.services import assessment_create, plan_assign_body
from volunteers.models import Mission, Volunteer, VolunteerApplication
from volunteers.services import mission_assign

PASSWORD = "demo-password-2021"  # noqa: S105 - documented development-only password

# DOMAIN.md section C: the phase-1 communes, with the nationality of the volunteer sent there
# (R7: never the volunteer's own country).
COMMUNES = [
    # slug, name, country, region, population, volunteer (name, nationality)
    ("rufisque", "Rufisque", "SN", "Dakar", 295459, ("Mariama Camara", "GN")),
    ("fass-colobane", "Fass-Colobane", "SN", "Dakar", 45000, ("Ibrahim Moussa", "NE")),
    ("kouroussa", "Kouroussa", "GN", "Kankan", 39611, ("Awa Ndiaye", "SN")),
    ("labe", "Labé", "GN", "Labé", 200000, ("Domingos Sá", "GW")),
    ("dan-kassari", "Dan-Kassari", "NE", "Dosso", 60000, ("Fatoumata Diallo", "GN")),
    ("mantakari", "Mantakari", "NE", "Dosso", 35000, ("Cheikh Fall", "SN")),
    ("bissau", "Bissau", "GW", "Setor Autónomo de Bissau", 492004, ("Aïcha Issoufou", "NE")),
]

COMMITMENTS = [
    {
        "title": "Publier le budget communal en données ouvertes",
        "title_en": "Publish the commune's budget as open data",
        "action": "Mettre en ligne chaque trimestre le budget voté et son exécution.",
        "action_en": "Publish the adopted budget and its execution online every quarter.",
        "problem": "Les citoyens ne connaissent ni le budget ni son exécution.",
        "status_quo": "Le budget est affiché à la mairie une fois par an, sans détail.",
        "policy_areas": ["fiscal_openness", "open_data"],
        "primary_sectors": ["public_services"],
        "ogp_values": ["access_to_information", "public_accountability"],
    },
    {
        "title": "Budget participatif avec les quartiers",
        "title_en": "Participatory budgeting with the neighbourhoods",
        "action": "Consacrer une part du budget d'investissement à des projets votés par les habitants.",
        "action_en": "Set aside part of the investment budget for projects voted by residents.",
        "problem": "Les priorités d'investissement sont décidées sans les habitants.",
        "status_quo": "Le conseil municipal vote les investissements sans consultation.",
        "policy_areas": ["civic_space", "inclusion"],
        "primary_sectors": ["infrastructure_transport", "water_sanitation_hygiene"],
        "ogp_values": ["civic_participation"],
    },
    {
        "title": "Registre des plaintes et suivi des services",
        "title_en": "Complaints register and service follow-up",
        "action": "Ouvrir un registre public des plaintes et publier les délais de réponse.",
        "action_en": "Open a public complaints register and publish response times.",
        "problem": "Les plaintes des usagers restent sans réponse connue.",
        "status_quo": "Les plaintes sont reçues oralement et ne sont pas enregistrées.",
        "policy_areas": ["social_accountability"],
        "primary_sectors": ["public_services"],
        "ogp_values": ["public_accountability", "technology_innovation"],
    },
]

MILESTONES = [
    # description, start offset (months from commitment start), length (months)
    ("Atelier de cadrage avec la société civile", 0, 2),
    ("Adoption d'une délibération du conseil municipal", 2, 3),
    ("Mise en ligne de la première publication", 5, 4),
    ("Évaluation publique avec les habitants", 10, 6),
]
# Statuses of the four milestones, commitment by commitment: every R17 status appears.
MILESTONE_STATUSES = [
    ["complete", "complete", "in_progress", "not_started"],
    ["complete", "blocked", "not_started", "not_started"],
    ["complete", "complete", "complete", "incomplete"],
]

PLAN_START = dt.date(2025, 7, 1)
PLAN_END = dt.date(2027, 6, 30)
PLAN_SUBMITTED_ON = dt.date(2025, 6, 20)
MANDATE_END = dt.date(2028, 6, 30)
JOINED_ON = dt.date(2022, 3, 1)
# Quarters with a submitted update, per commune: Kouroussa stopped reporting (R27 (d) demo).
UPDATED_QUARTERS = {
    "kouroussa": [(2025, 3), (2025, 4), (2026, 1)],
}
ALL_QUARTERS = [(2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]


class Command(BaseCommand):
    help = "Load the LOG 2021-2022 demo data and demo users (development only, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-if-present",
            action="store_true",
            help="Only print the logins when the demo data is already there.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_data is for development only (DJANGO_DEBUG=0 is set).")
        if Cohort.objects.filter(slug="log-2021-2022").exists():
            if not options["quiet_if_present"]:
                self.stdout.write("Demo data already loaded: nothing to do.")
        else:
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_logins()

    # --- users ---------------------------------------------------------------------------
    def _user(self, email: str, full_name: str, **extra) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, **extra}
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _load(self) -> None:
        staff = self._user(
            "staff@example.org", "Équipe AfricTivistes", is_staff=True, is_superuser=True
        )
        cohort = Cohort.objects.create(
            name="LOG 2021-2022",
            slug="log-2021-2022",
            starts_on=dt.date(2021, 6, 1),
            ends_on=dt.date(2022, 12, 31),
            budget_amount=142000,
            budget_currency="USD",
            description="Phase 1 du Local Open GovLab : Sénégal, Niger, Guinée et Guinée-Bissau.",
        )
        for kind, title in [
            (Call.Kind.COMMUNE, "Appel à candidatures des communes LOG 2021-2022"),
            (Call.Kind.VOLUNTEER, "Appel à candidatures des volontaires VAGOA 2021-2022"),
        ]:
            Call.objects.create(
                cohort=cohort,
                kind=kind,
                title=title,
                text="Les deux appels sont restés ouverts 40 jours.",
                opens_at=dt.date(2021, 6, 1),
                closes_at=dt.date(2021, 7, 10),
                mission_start=dt.date(2021, 11, 1),
            )
        # An edition with open calls today, so the application forms can be tried.
        today = timezone.localdate()
        next_cohort = Cohort.objects.create(
            name=f"LOG {today.year}-{today.year + 1}",
            slug=f"log-{today.year}-{today.year + 1}",
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + relativedelta(months=14),
            budget_amount=250000,
            budget_currency="USD",
            description="Deuxième édition du Local Open GovLab.",
        )
        for kind, title in [
            (Call.Kind.COMMUNE, "Appel à candidatures des communes"),
            (Call.Kind.VOLUNTEER, "Appel à candidatures des volontaires VAGOA"),
        ]:
            Call.objects.create(
                cohort=next_cohort,
                kind=kind,
                title=f"{title} {next_cohort.name}",
                text="Candidatez avant la date de clôture.",
                opens_at=today - dt.timedelta(days=10),
                closes_at=today + dt.timedelta(days=30),
                mission_start=today + relativedelta(months=3),
            )
        volunteer_call = cohort.calls.get(kind=Call.Kind.VOLUNTEER)

        body = MonitoringBody.objects.create(
            name="Forum Civil – antenne de Rufisque",
            kind=MonitoringBody.Kind.CSO,
            country="SN",
            contact_email="suivi.rufisque@example.org",
        )
        body.members.add(self._user("monitor@example.org", "Ndèye Sarr"))

        for index, (slug, name, country, region, population, (vname, vcountry)) in enumerate(
            COMMUNES
        ):
            commune = self._commune(slug, name, country, region, population, staff)
            self._volunteer(
                index, commune, cohort, volunteer_call, vname, vcountry, staff, today, next_cohort
            )
            plan = self._plan(commune, staff)
            if slug == "rufisque":
                plan_assign_body(plan=plan, body=body, appointed_on=PLAN_SUBMITTED_ON)
                initial = assessment_create(plan=plan, kind=Assessment.Kind.INITIAL)
                initial.summary = "Le plan respecte les exigences de co-création."
                initial.save(update_fields=["summary", "updated_at"])
        self._applications(volunteer_call)

    def _commune(self, slug, name, country, region, population, staff) -> Commune:
        contact = self._user(f"pc.{slug}@example.org", f"Point de contact {name}")
        commune = Commune.objects.create(
            slug=slug,
            name=name,
            country=country,
            region=region,
            population=population,
            mayor_name=f"Maire de {name}",
            mandate_start=dt.date(2022, 1, 23),
            mandate_end=MANDATE_END,
            joined_on=JOINED_ON,
            point_of_contact=contact,
            lead_agency=f"Mairie de {name} – Secrétariat municipal",
            lead_agency_contact=f"Secrétaire municipal de {name}",
            lead_agency_email=f"mairie.{slug}@example.org",
        )
        membership_status_change(
            commune=commune,
            to_status=Commune.MembershipStatus.ACTIVE,
            on=JOINED_ON,
            rule="staff",
            reason="Admission au PGO local après le Local Open GovLab.",
            by=staff,
        )
        for org_name, kind in [
            (f"Collectif citoyen de {name}", Organisation.Kind.CSO),
            (f"Radio communautaire de {name}", Organisation.Kind.MEDIA),
        ]:
            Organisation.objects.create(name=org_name, kind=kind, country=country, commune=commune)
        return commune

    def _volunteer(
        self, index, commune, cohort, call, name, nationality, staff, today, next_cohort
    ) -> None:
        first, last = name.split(" ", 1)
        application = VolunteerApplication.objects.create(
            call=call,
            status=VolunteerApplication.Status.SELECTED,
            first_name=first,
            last_name=last,
            email=f"vagoa{index + 1}@example.org",
            phone="+221 00 000 00 00",
            date_of_birth=dt.date(1993, 1, 1) + dt.timedelta(days=97 * index),
            nationality=nationality,
            country_of_residence=nationality,
            gender="female" if index % 2 == 0 else "male",
            languages=["fr", "en"],
            competence_domain="Données ouvertes et participation citoyenne",
            available_for_mission=True,
            passport_expires_on=dt.date(2027, 1, 1),
            open_data_experience="Projets de cartographie ouverte.",
            training_modules="Données ouvertes, budget participatif.",
            local_governance_knowledge="Bonne connaissance des collectivités.",
            civic_tech_knowledge="Outils de consultation en ligne.",
            motivation="Contribuer à un gouvernement local ouvert.",
            passes_availability_gate=True,
            passes_passport_gate=True,
        )
        user = None
        if commune.slug == "rufisque":
            user = self._user("volunteer@example.org", name)
        volunteer = Volunteer.objects.create(
            application=application,
            user=user,
            display_name=name,
            nationality=nationality,
            bio="Volontaire AfricTivistes pour la gouvernance locale ouverte (VAGOA).",
        )
        mission = mission_assign(
            volunteer=volunteer,
            commune=commune,
            cohort=cohort,
            start=dt.date(2021, 11, 1),
            roadmap="Accompagner la commune vers les données ouvertes et la participation.",
            by=staff,
        )
        Mission.objects.filter(pk=mission.pk).update(status=Mission.Status.COMPLETED)
        if user is not None:
            # The demo volunteer is back in Rufisque for the current edition (R43).
            ongoing = mission_assign(
                volunteer=volunteer,
                commune=commune,
                cohort=next_cohort,
                start=today - dt.timedelta(days=20),
                roadmap="Aider la commune à publier ses mises à jour trimestrielles.",
                by=staff,
            )
            Mission.objects.filter(pk=ongoing.pk).update(status=Mission.Status.ONGOING)

    def _plan(self, commune: Commune, staff: User) -> ActionPlan:
        plan = plan_create(
            communes=[commune],
            coordinating_commune=commune,
            title=f"Plan d'action pour un gouvernement ouvert de {commune.name} 2025-2027",
            title_en=f"{commune.name} open government action plan 2025-2027",
            vision_summary="Une commune qui publie ses données et décide avec ses habitants.",
            vision_summary_en="A commune that publishes its data and decides with its residents.",
            start_date=PLAN_START,
            end_date=PLAN_END,
        )
        StrategicVision.objects.create(
            plan=plan,
            mandate_end=commune.mandate_end,
            plan_end=PLAN_END,
            long_term_vision="Une administration transparente, participative et redevable.",
            challenges="Faible accès à l'information budgétaire.",
            co_creation_spaces="Forum communal de la gouvernance ouverte.",
            number_of_meetings=3,
        )
        organisations = list(commune.organisations.all())
        meeting = CoCreationMeeting.objects.create(
            plan=plan,
            held_on=dt.date(2025, 5, 15),
            phase=CoCreationMeeting.Phase.CO_CREATION,
            kind=CoCreationMeeting.Kind.FORUM,
            title="Forum de co-création du plan d'action",
            is_forum=True,
            government_participants=6,
            non_government_participants=14,
            location=f"Hôtel de ville de {commune.name}",
            is_public=True,
        )
        meeting.organisations.set(organisations)
        for held_on in (dt.date(2025, 10, 9), dt.date(2026, 3, 12), dt.date(2026, 9, 17)):
            implementation = CoCreationMeeting.objects.create(
                plan=plan,
                held_on=held_on,
                phase=CoCreationMeeting.Phase.IMPLEMENTATION,
                kind=CoCreationMeeting.Kind.PUBLIC_MEETING,
                title="Réunion publique de suivi du plan",
                government_participants=4,
                non_government_participants=9,
                location=f"Mairie de {commune.name}",
                is_public=True,
            )
            implementation.organisations.set(organisations[:1])
        Endorsement.objects.create(
            plan=plan,
            organisation=organisations[0],
            endorsed_on=dt.date(2025, 6, 10),
            person_name="Présidente du collectif",
            person_title="Présidente",
        )
        Evidence.objects.create(
            meeting=meeting,
            kind=Evidence.Kind.MINUTES,
            title="Compte rendu du forum de co-création",
            url=f"https://example.org/{commune.slug}/forum-2025.pdf",
            dated=meeting.held_on,
            is_public=True,
            uploaded_by=commune.point_of_contact,
        )
        commitments = []
        for number, content in enumerate(COMMITMENTS):
            start = PLAN_START
            end = dt.date(2026, 12, 31) if number < 2 else PLAN_END
            commitment = commitment_create(
                plan=plan,
                commune=commune,
                start_date=start,
                end_date=end,
                solution="La publication régulière permet aux habitants de suivre et d'agir.",
                long_term_goal="Une commune transparente et redevable.",
                budget_amount=5_000_000,
                budget_currency="XOF",
                staff=2,
                months=18,
                resources_secured=Commitment.ResourcesSecured.PARTIALLY,
                **content,
            )
            CommitmentActor.objects.create(
                commitment=commitment,
                role=CommitmentActor.Role.LEAD_GOVERNMENT,
                organisation_name=commune.lead_agency,
                contact_name=commune.lead_agency_contact,
                email=commune.lead_agency_email,
            )
            CommitmentActor.objects.create(
                commitment=commitment,
                role=CommitmentActor.Role.NON_GOVERNMENT_LEAD,
                organisation=organisations[0],
                organisation_name=organisations[0].name,
            )
            for position, (description, offset, length) in enumerate(MILESTONES):
                first = start + relativedelta(months=offset)
                last = min(first + relativedelta(months=length), end.replace(day=1))
                Milestone.objects.create(
                    commitment=commitment,
                    position=position,
                    description=description,
                    start_month=first,
                    end_month=last,
                    responsible_organisation=commune.lead_agency,
                    status="not_started",
                )
            commitments.append(commitment)
        plan = plan_submit_with_commitments(plan=plan, by=commune.point_of_contact)
        plan = plan_start_implementation(plan=plan, by=staff)
        ActionPlan.objects.filter(pk=plan.pk).update(submitted_on=PLAN_SUBMITTED_ON)
        Commitment.objects.filter(plan=plan).update(
            submitted_on=PLAN_SUBMITTED_ON, status=Commitment.Status.ONGOING
        )
        plan.refresh_from_db()
        for number, commitment in enumerate(commitments):
            self._updates(commune, commitment, MILESTONE_STATUSES[number])
        return plan

    def _updates(self, commune: Commune, commitment: Commitment, final_statuses: list[str]):
        """Quarterly updates (R23) that move the milestones to their demo statuses over time."""
        quarters = UPDATED_QUARTERS.get(commune.slug, ALL_QUARTERS)
        milestones = list(commitment.milestones.order_by("position"))
        statuses = {m.pk: "not_started" for m in milestones}
        levels = ["not_started", "limited", "limited", "substantial", "substantial"]
        previous_level = ""
        for step, (year, quarter) in enumerate(quarters):
            quarter_end = dt.date(year, 3 * quarter, 1) + relativedelta(months=1, days=-1)
            update = QuarterlyUpdate.objects.create(
                commitment=commitment,
                year=year,
                quarter=quarter,
                status=QuarterlyUpdate.Status.SUBMITTED,
                progress=f"Trimestre {quarter} {year} : les activités prévues avancent.",
                delay_reasons="" if step % 2 == 0 else "Retard dans le vote du conseil municipal.",
                next_steps="Présenter les résultats lors de la prochaine réunion publique.",
                completion_level=levels[min(step, len(levels) - 1)],
                previous_completion_level=previous_level,
                author=commune.point_of_contact,
                submitted_by=commune.point_of_contact,
                submitted_at=timezone.make_aware(
                    dt.datetime.combine(quarter_end + dt.timedelta(days=5), dt.time(10))
                ),
            )
            previous_level = update.completion_level
            # Milestone k reaches its final status at step k+1 (in progress on the way).
            for position, milestone in enumerate(milestones):
                target = final_statuses[position]
                if target == "not_started":
                    continue
                if step == position:
                    new = "in_progress" if target in ("complete", "incomplete") else target
                elif step == position + 1:
                    new = target
                else:
                    continue
                if new != statuses[milestone.pk]:
                    MilestoneUpdate.objects.create(
                        update=update,
                        milestone=milestone,
                        previous_status=statuses[milestone.pk],
                        new_status=new,
                    )
                    statuses[milestone.pk] = new
            if step == 0 and commune.slug == "rufisque":
                Comment.objects.create(
                    update=update,
                    author_name="Abdou",
                    author_email="abdou@example.org",
                    body="Merci pour cette publication. Où trouver le budget détaillé ?",
                    status=Comment.Status.APPROVED,
                    moderated_at=timezone.now(),
                    reply="Le budget détaillé sera publié au prochain trimestre.",
                    replied_by=commune.point_of_contact,
                    replied_at=timezone.now(),
                )
                Comment.objects.create(
                    update=update,
                    author_name="Khady",
                    author_email="khady@example.org",
                    body="Quand aura lieu la prochaine réunion publique ?",
                    status=Comment.Status.PENDING,
                )
        for milestone in milestones:
            if milestone.status != statuses[milestone.pk]:
                milestone.status = statuses[milestone.pk]
                milestone.save(update_fields=["status", "updated_at"])

    def _applications(self, call: Call) -> None:
        """A few more volunteer applications, in the other pipeline states (R5)."""
        people = [
            ("Moussa", "Traoré", "ML", "submitted"),
            ("Aminata", "Bah", "GN", "eligible"),
            ("Paulo", "Mendes", "GW", "preselected"),
            ("Fanta", "Keïta", "SN", "waitlisted"),
            ("Oumar", "Sow", "NE", "rejected"),
            ("Rokia", "Diarra", "ML", "ineligible"),
        ]
        for first, last, country, status in people:
            VolunteerApplication.objects.create(
                call=call,
                status=status,
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{country.lower()}@example.org",
                nationality=country,
                country_of_residence=country,
                gender="female" if first.endswith("a") else "male",
                languages=["fr"],
                competence_domain="Gouvernance locale",
                available_for_mission=status != "ineligible",
                passport_expires_on=dt.date(2026, 6, 1),
                motivation="Je souhaite accompagner une commune.",
                passes_availability_gate=status != "ineligible",
                passes_passport_gate=True,
            )

    def _print_logins(self) -> None:
        url = settings.SITE_URL
        self.stdout.write(
            "\n"
            f"  LOG Portal:  {url}/\n"
            f"  Admin:       {url}/admin/\n"
            f"  Password of every demo user: {PASSWORD}\n"
            "    staff@example.org          AfricTivistes staff (superuser)\n"
            "    pc.rufisque@example.org    point of contact, Rufisque\n"
            "    pc.kouroussa@example.org   point of contact, Kouroussa\n"
            "    volunteer@example.org      volunteer in mission in Rufisque\n"
            "    monitor@example.org        monitoring body of Rufisque's plan\n"
        )
