import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from action_plans.models import ActionPlan
from commitments.models import Milestone, QuarterlyUpdate
from communes.models import Commune
from volunteers.models import Mission

DEMO_LOGINS = [
    "staff@example.org",
    "pc.rufisque@example.org",
    "pc.kouroussa@example.org",
    "volunteer@example.org",
    "monitor@example.org",
]


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"log_portal", "communes", "volunteers", "action_plans", "commitments", "monitoring"}
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo_data", verbosity=0)


def test_demo_data_has_the_seven_phase_one_communes_in_their_countries(demo):
    communes = dict(Commune.objects.values_list("name", "country"))
    assert communes == {
        "Rufisque": "SN",
        "Fass-Colobane": "SN",
        "Kouroussa": "GN",
        "Labé": "GN",
        "Dan-Kassari": "NE",
        "Mantakari": "NE",
        "Bissau": "GW",
    }
    assert ActionPlan.objects.filter(status="implementation").count() == 7


def test_demo_volunteers_never_serve_in_their_own_country(demo):
    missions = Mission.objects.select_related("volunteer", "commune")
    assert missions.count() == 8
    for mission in missions:
        assert mission.volunteer.nationality != mission.commune.country


def test_demo_milestones_cover_every_status_and_updates_exist(demo):
    statuses = set(Milestone.objects.values_list("status", flat=True))
    assert statuses == {choice.value for choice in Milestone.Status}
    assert QuarterlyUpdate.objects.filter(status="submitted").exists()


def test_demo_logins_work_with_the_documented_password(demo):
    for email in DEMO_LOGINS:
        assert authenticate(username=email, password="demo-password-2021") is not None, email


def test_demo_roles_come_from_the_data(demo):
    rufisque = Commune.objects.get(slug="rufisque")
    assert rufisque.point_of_contact.email == "pc.rufisque@example.org"
    ongoing = Mission.objects.get(volunteer__user__email="volunteer@example.org", status="ongoing")
    assert ongoing.commune == rufisque
    assert ongoing.volunteer.nationality != "SN"
    plan = ActionPlan.objects.get(communes=rufisque)
    assert plan.monitoring.body.members.filter(email="monitor@example.org").exists()


def test_loading_the_demo_data_twice_changes_nothing(demo):
    before = _row_counts()
    call_command("load_demo_data", verbosity=0)
    assert _row_counts() == before


def test_demo_data_is_refused_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data", verbosity=0)
    assert not Commune.objects.exists()
