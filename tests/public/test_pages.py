"""Public pages (R31, R44): content, what never shows, progress, late and not-updated marks."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from action_plans.models import ActionPlan
from commitments.models import Milestone
from monitoring.models import Assessment
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import MilestoneFactory
from tests.communes.factories import CommuneFactory, UserFactory
from tests.monitoring.factories import MonitoredPlanFactory

from .world import published_commitment, submitted_update

pytestmark = pytest.mark.django_db

NEVER_SHOWN = [
    "ENGAGEMENT-BROUILLON",
    "PLAN-BROUILLON",
    "ENGAGEMENT-PLAN-BROUILLON",
    "BROUILLON-MAJ",
    "COMMENTAIRE-EN-ATTENTE",
    "COMMENTAIRE-REJETE",
    "awa.secret@example.org",
    "Evidence secret.pdf",
]


def page_urls(world):
    return [
        reverse("public:home"),
        reverse("public:communes"),
        reverse("public:commune", args=[world.commune.slug]),
        reverse("public:plan", args=[world.plan.pk]),
        reverse("public:commitment", args=[world.commitment.pk]),
        reverse("public:commitments"),
    ]


def test_no_public_page_shows_drafts_restricted_evidence_or_emails(client, world):
    for url in page_urls(world):
        response = client.get(url)

        assert response.status_code == 200, url
        for secret in NEVER_SHOWN:
            assert secret not in response.text, (url, secret)


@pytest.mark.parametrize("name", ["draft_plan", "withdrawn_plan"])
def test_a_plan_that_is_not_public_answers_404(client, world, name):
    plan = world.draft_plan
    if name == "withdrawn_plan":
        plan.status = ActionPlan.Status.WITHDRAWN
        plan.save()

    assert client.get(reverse("public:plan", args=[plan.pk])).status_code == 404
    assert (
        client.get(reverse("public:commitment", args=[world.hidden_commitment.pk])).status_code
        == 404
    )


def test_a_draft_commitment_answers_404(client, world):
    response = client.get(reverse("public:commitment", args=[world.draft_commitment.pk]))

    assert response.status_code == 404


def test_a_commune_that_is_not_a_member_answers_404(client, db):
    commune = CommuneFactory(slug="nowhere")

    assert client.get(reverse("public:commune", args=["nowhere"])).status_code == 404
    assert commune.membership_status == "not_member"


def test_home_shows_the_programme_in_numbers_and_latest_updates(client, world):
    CommuneFactory(member=True, country="NE")

    response = client.get(reverse("public:home"))

    numbers = response.context["numbers"]
    assert (numbers.countries, numbers.communes) == (2, 2)
    assert numbers.open_commitments == 1  # the draft and the draft plan's do not count
    assert numbers.milestones_complete == 1
    assert "Budget publié en ligne." in response.text
    assert reverse("public:commitment", args=[world.commitment.pk]) in response.text


def test_commitment_progress_is_the_share_of_complete_milestones(client, world):
    response = client.get(reverse("public:commitment", args=[world.commitment.pk]))

    assert response.context["progress"] == 50
    assert (
        "50% complete" in response.text or "50% terminé" in response.text or "50" in response.text
    )


def test_plan_progress_is_the_mean_of_its_commitments(client, world):
    other = published_commitment(world.plan, title="Données ouvertes")
    MilestoneFactory(commitment=other, status=Milestone.Status.NOT_STARTED)

    response = client.get(reverse("public:plan", args=[world.plan.pk]))

    assert response.context["progress"] == 25  # mean of 50 and 0
    titles = [c.title for c in response.context["commitments"]]
    assert titles == ["Budget participatif", "Données ouvertes"]


def test_a_milestone_past_its_end_month_and_not_complete_is_late(client, world):
    response = client.get(reverse("public:commitment", args=[world.commitment.pk]))

    late = {m.description: m.late for m in response.context["milestones"]}
    assert late == {"Publier le budget": False, "Former les élus": True}


def test_a_commitment_without_an_update_for_the_last_ended_quarter_is_not_updated(client, world):
    from log_portal.public.selectors import last_ended_quarter

    url = reverse("public:commitment", args=[world.commitment.pk])
    assert client.get(url).context["not_updated"] is True

    quarter = last_ended_quarter()
    submitted_update(world.commitment, year=quarter.year, quarter=quarter.number)

    assert client.get(url).context["not_updated"] is False


def test_commune_page_lists_what_r31_asks(client, world):
    response = client.get(reverse("public:commune", args=["rufisque"]))

    text = response.text
    assert "Mairie de Rufisque" in text  # lead agency and its contact details
    assert "mairie@rufisque.example.org" in text
    assert "Plan Rufisque ouvert" in text
    assert "Forum citoyen" in text  # co-creation calendar
    assert "Budget publié en ligne." in text  # updates
    assert "Merci, la mairie." in text  # the commune's reply to a comment
    folders = response.context["folders"]
    assert [f.title for f in folders] == ["Budget participatif"]
    assert [e.title for e in folders[0].items] == ["Evidence public.pdf"]
    assert folders[0].last_updated is not None


def test_commune_page_shows_the_volunteer_in_mission_with_public_fields_only(client, world):
    from tests.volunteers.factories import MissionFactory

    mission = MissionFactory(commune=world.commune, status="ongoing", volunteer__nationality="ML")
    volunteer = mission.volunteer
    volunteer.bio = "Data journalist."
    volunteer.save()

    response = client.get(reverse("public:commune", args=["rufisque"]))

    assert volunteer.display_name in response.text
    assert "Data journalist." in response.text
    assert "Mali" not in response.text  # R8: the nationality stays private


def test_plan_page_shows_r19_requirements_monitoring_and_submitted_assessments_only(client, world):
    monitored = MonitoredPlanFactory(plan=world.plan)
    Assessment.objects.create(
        plan=world.plan,
        body=monitored.body,
        kind=Assessment.Kind.INITIAL,
        due_on=dt.date(2025, 3, 15),
        status=Assessment.Status.SUBMITTED,
        summary="EVALUATION-PUBLIEE",
    )
    Assessment.objects.create(
        plan=world.plan,
        body=monitored.body,
        kind=Assessment.Kind.FINAL_LEARNING,
        due_on=dt.date(2027, 2, 28),
        summary="EVALUATION-BROUILLON",
    )

    response = client.get(reverse("public:plan", args=[world.plan.pk]))

    assert response.context["requirements"] == {
        "forum": True,
        "regularity": False,  # no implementation meeting in its first full year
        "multi_stakeholder": True,
        "endorsement": True,
    }
    assert monitored.body.name in response.text
    assert "EVALUATION-PUBLIEE" in response.text
    assert "EVALUATION-BROUILLON" not in response.text
    assert "Jeunesse Rufisque" in response.text


def test_commitment_page_shows_r16_fields_updates_newest_first_and_history(client, world):
    newer = submitted_update(world.commitment, year=2025, quarter=3, progress="Troisième trimestre")

    response = client.get(reverse("public:commitment", args=[world.commitment.pk]))

    assert [u.pk for u in response.context["updates"]] == [newer.pk, world.update.pk]
    assert "Le budget est opaque." in response.text
    assert (
        "Fiscal openness" in response.text
        or "Ouverture budgétaire" in response.text
        or (response.context["policy_areas"] == ["Fiscal openness"])
    )


def test_commune_list_filters_by_country_and_status(client, world):
    CommuneFactory(name="Dan-Kassari", member=True, country="NE")
    CommuneFactory(name="Labé", member=True, country="GN", membership_status="inactive")

    def names(query):
        response = client.get(reverse("public:communes"), query)
        return [c.name for c in response.context["page"].object_list]

    assert names({}) == ["Labé", "Dan-Kassari", "Rufisque"]
    assert names({"country": "NE"}) == ["Dan-Kassari"]
    assert names({"status": "inactive"}) == ["Labé"]


def test_evidence_is_downloaded_never_inline(client, world):
    response = client.get(reverse("public:evidence", args=[world.public_evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"


def test_restricted_evidence_answers_404(client, world):
    response = client.get(reverse("public:evidence", args=[world.restricted_evidence.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("code", "january"), [("fr", "janvier 2025"), ("en", "Jan. 1, 2025"), ("pt", "Janeiro de 2025")]
)
def test_pages_are_in_the_three_languages(client, world, code, january):
    url = reverse("public:commitment", args=[world.commitment.pk])

    response = client.get(url, headers={"accept-language": code})

    assert f'<html lang="{code}">' in response.text
    assert january in response.text  # the commitment's start, in the language's date format


def test_pages_have_meaningful_titles_and_descriptions(client, world):
    response = client.get(reverse("public:commune", args=["rufisque"]))

    assert "<title>Rufisque (" in response.text
    assert 'name="description" content="Rufisque' in response.text


def test_staff_login_does_not_leak_drafts_on_public_pages(client, world):
    client.force_login(UserFactory(staff=True))

    response = client.get(reverse("public:plan", args=[world.plan.pk]))

    assert "ENGAGEMENT-BROUILLON" not in response.text


def test_draft_plans_never_count_in_commune_list_progress(client, world):
    ActionPlanFactory(coordinating_commune=world.commune, title="AUTRE-BROUILLON")

    response = client.get(reverse("public:communes"))

    assert "AUTRE-BROUILLON" not in response.text
    assert "Plan Rufisque ouvert" in response.text


def test_an_svg_or_html_evidence_file_is_never_served_inline(client, world):
    from .world import evidence

    svg = evidence(commitment=world.commitment, name="drawing.svg")
    svg.file.save("drawing.svg", ContentFile(b"<svg onload='alert(1)'/>"), save=True)

    response = client.get(reverse("public:evidence", args=[svg.pk]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_link_evidence_redirects_to_its_address(client, world):
    from commitments.models import Evidence

    link = Evidence.objects.create(
        commitment=world.commitment,
        kind=Evidence.Kind.PHOTO,
        title="Album",
        url="https://photos.example.org/album",
        dated=dt.date(2025, 4, 1),
    )

    response = client.get(reverse("public:evidence", args=[link.pk]))

    assert response.status_code == 302
    assert response["Location"] == "https://photos.example.org/album"


def test_commune_evidence_repository_has_a_process_folder(client, world):
    from .world import evidence

    meeting = world.plan.meetings.get()
    evidence(meeting=meeting, name="forum-minutes.pdf")
    evidence(plan=world.draft_plan, name="draft-plan.pdf")

    response = client.get(reverse("public:commune", args=["rufisque"]))

    process = response.context["process_folder"]
    assert [e.title for e in process.items] == ["Evidence forum-minutes.pdf"]
    assert "Evidence draft-plan.pdf" not in response.text
