"""Issue #4: every workspace form works without JavaScript on a 360-pixel-wide phone: a refused
submission shows the error next to its field and keeps what was typed; a good one is saved. Each
page fits the screen (no sideways scroll) and passes the accessibility check."""

import datetime as dt

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from commitments.models import Comment, Commitment, CommitmentChange, Evidence

from .a11y import assert_no_serious_accessibility_violations_in_copy
from .conftest import MOBILE
from .workspace_world import build_workspace, log_in

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db):
    return build_workspace()


@pytest.fixture
def phone(new_page, live_server, world):
    """The point of contact on a small phone whose browser runs no JavaScript (French)."""
    page = new_page(viewport=MOBILE, java_script_enabled=False)
    log_in(page, live_server, world.pc)
    page.twin = new_page(viewport=MOBILE)  # for the accessibility check only
    return page


def url(live_server, name: str, **kwargs) -> str:
    return live_server.url + reverse(name, kwargs=kwargs)


def submit(page, name: str | None = None) -> None:
    button = "main form.form button[type=submit]" + (f"[name={name}]" if name else "")
    page.locator(button).first.click()


def assert_fits_and_is_accessible(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= MOBILE["width"], page.url
    assert_no_serious_accessibility_violations_in_copy(page, page.twin)


def assert_error_next_to(page, field_id: str) -> None:
    """The field's own block holds its error (includes/field.html), and it is visible."""
    errors = page.locator(f".field-invalid:has(#{field_id}) #{field_id}_errors")
    assert errors.count() == 1, f"no error next to #{field_id} on {page.url}"
    assert errors.is_visible()


def assert_saved(page) -> None:
    problems = page.locator(".field-errors, .form-errors, .message-error, .errorlist")
    assert page.locator(".message-success").count() == 1, (page.url, problems.all_inner_texts())
    assert page.locator(".field-errors").count() == 0


def test_plan_create_and_edit(live_server, phone, world):
    page = phone
    # create: no title
    page.goto(url(live_server, "action_plans:create", commune_pk=world.commune.pk))
    page.fill("#id_start_date", f"{world.draft.end_date.year + 1}-01-01")
    page.fill("#id_end_date", f"{world.draft.end_date.year + 2}-04-30")  # R13: mandate - 2 months
    submit(page)
    assert_error_next_to(page, "id_title")
    assert page.locator("#id_end_date").input_value().endswith("-04-30")
    assert_fits_and_is_accessible(page)
    assert ActionPlan.objects.count() == 2
    page.fill("#id_title", "Plan 2029 de Dan-Kassari")
    submit(page)
    assert_saved(page)
    plan = ActionPlan.objects.get(title="Plan 2029 de Dan-Kassari")
    assert list(plan.communes.all()) == [world.commune]

    # edit: title emptied, summary typed
    page.goto(url(live_server, "action_plans:edit", pk=world.draft.pk))
    page.fill("#id_title", "")
    page.fill("#id_vision_summary", "Une commune qui publie tout.")
    submit(page)
    assert_error_next_to(page, "id_title")
    assert page.locator("#id_vision_summary").input_value() == "Une commune qui publie tout."
    assert_fits_and_is_accessible(page)
    page.fill("#id_title", "Plan ouvert 2027")
    submit(page)
    assert_saved(page)
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.vision_summary) == (
        "Plan ouvert 2027",
        "Une commune qui publie tout.",
    )


def test_strategic_vision_section(live_server, phone, world):
    page = phone
    page.goto(
        url(live_server, "action_plans:vision-section", pk=world.draft.pk, section="engagement")
    )
    page.fill("#id_participants", "Groupes de jeunes et de femmes")
    page.fill("#id_number_of_groups", "-3")
    submit(page, "save")
    assert_error_next_to(page, "id_number_of_groups")
    assert page.locator("#id_participants").input_value() == "Groupes de jeunes et de femmes"
    assert not StrategicVision.objects.exists()
    assert_fits_and_is_accessible(page)
    page.fill("#id_number_of_groups", "3")
    submit(page, "save")
    assert_saved(page)
    vision = StrategicVision.objects.get(plan=world.draft)
    assert (vision.participants, vision.number_of_groups) == ("Groupes de jeunes et de femmes", 3)


def test_commitment_with_actors_and_milestones(live_server, phone, world):
    page = phone
    year = world.draft.start_date.year
    page.goto(url(live_server, "commitments:create", plan_pk=world.draft.pk))
    page.fill("#id_c-title", "Budget ouvert")
    page.fill("#id_actors-0-organisation_name", "Direction des finances")
    submit(page)
    assert_error_next_to(page, "id_c-start_date")
    assert page.locator("#id_c-title").input_value() == "Budget ouvert"
    assert page.locator("#id_actors-0-organisation_name").input_value() == "Direction des finances"
    assert_fits_and_is_accessible(page)
    assert not Commitment.objects.filter(plan=world.draft).exists()

    page.fill("#id_c-start_date", f"{year}-01-01")
    page.fill("#id_c-end_date", f"{year}-12-31")
    page.locator(
        "#id_c-ogp_values input[value=access_to_information], "
        "#id_c-ogp_values option[value=access_to_information]"
    ).first.evaluate("e => e.tagName === 'OPTION' ? (e.selected = true) : (e.checked = true)")
    page.select_option("#id_actors-0-role", "lead_government")
    page.fill("#id_milestones-0-description", "Publier le budget en ligne")
    page.fill("#id_milestones-0-start_month", f"{year}-02")
    page.fill("#id_milestones-0-end_month", f"{year}-05")
    submit(page)
    assert_saved(page)
    commitment = Commitment.objects.get(plan=world.draft)
    assert commitment.actors.get().organisation_name == "Direction des finances"
    assert commitment.milestones.get().start_month == dt.date(year, 2, 1)


def test_co_creation_meeting_and_its_minutes(live_server, phone, world):
    page = phone
    page.goto(url(live_server, "action_plans:meeting-create", pk=world.draft.pk))
    page.fill("#id_title", "Forum de co-création")
    page.fill("#id_government_participants", "4")
    page.fill("#id_non_government_participants", "9")
    submit(page)
    assert_error_next_to(page, "id_held_on")
    assert page.locator("#id_title").input_value() == "Forum de co-création"
    assert_fits_and_is_accessible(page)
    assert not CoCreationMeeting.objects.exists()

    page.fill("#id_held_on", dt.date.today().isoformat())
    page.select_option("#id_phase", "co_creation")
    page.select_option("#id_kind", "forum")
    page.get_by_label("Jeunesse active").check()
    submit(page)
    assert_saved(page)
    meeting = CoCreationMeeting.objects.get()
    assert list(meeting.organisations.all()) == [world.organisation]

    # the minutes, as evidence of the meeting: first without a file
    page.fill("#id_title", "Compte rendu du forum")
    submit(page)
    assert_error_next_to(page, "id_file")
    assert page.locator("#id_title").input_value() == "Compte rendu du forum"
    assert_fits_and_is_accessible(page)
    page.set_input_files(
        "#id_file",
        files=[{"name": "compte-rendu.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.select_option("#id_kind", "minutes")
    submit(page)
    assert_saved(page)
    assert Evidence.objects.get(meeting=meeting).title == "Compte rendu du forum"


def test_endorsement(live_server, phone, world):
    page = phone
    page.goto(url(live_server, "action_plans:endorsement-create", pk=world.draft.pk))
    page.fill("#id_person_name", "Awa Diop")
    page.fill("#id_endorsed_on", dt.date.today().isoformat())
    submit(page)
    assert_error_next_to(page, "id_organisation")
    assert page.locator("#id_person_name").input_value() == "Awa Diop"
    assert_fits_and_is_accessible(page)
    assert not Endorsement.objects.exists()
    page.select_option("#id_organisation", str(world.organisation.pk))
    submit(page)
    assert_saved(page)
    assert Endorsement.objects.get().person_name == "Awa Diop"


def test_commitment_change_record_r18(live_server, phone, world):
    page = phone
    page.goto(url(live_server, "commitments:change", pk=world.recent.pk))
    page.select_option("#id_kind", "milestones")
    page.fill("#id_description", "Un jalon de plus")
    page.fill("#id_reason", "Les habitants l'ont demandé")
    page.fill("#id_how_decided", "Vote du forum")
    page.fill("#id_decided_on", dt.date.today().isoformat())
    submit(page)  # no approving stakeholder
    assert_error_next_to(page, "id_approved_by")
    assert page.locator("#id_description").input_value() == "Un jalon de plus"
    assert_fits_and_is_accessible(page)
    assert not CommitmentChange.objects.exists()
    page.get_by_label("Jeunesse active").check()
    submit(page)
    assert_saved(page)
    change = CommitmentChange.objects.get()
    assert list(change.approved_by.all()) == [world.organisation]


def test_comment_moderation_and_reply(live_server, phone, world):
    page = phone
    comments = url(live_server, "commitments:comments", commune_pk=world.commune.pk)
    page.goto(comments)
    card = page.locator(f"#comment-{world.comment.pk}")
    assert_fits_and_is_accessible(page)
    # approving needs no reply
    card.locator("button[value=approve]").click()
    assert_saved(page)
    world.comment.refresh_from_db()
    assert world.comment.status == Comment.Status.APPROVED

    # a blank reply is refused beside its field, what was typed kept; nothing changes
    card.locator("textarea").fill("   ")
    card.locator("button[value=reply]").click()
    assert_error_next_to(page, f"id_r{world.comment.pk}-reply")
    assert card.locator("textarea").input_value() == "   "
    assert page.locator(".message-error").count() == 0
    world.comment.refresh_from_db()
    assert world.comment.reply == ""
    assert_fits_and_is_accessible(page)

    card.locator("textarea").fill("La formation commence en mars.")
    card.locator("button[value=reply]").click()
    assert_saved(page)
    world.comment.refresh_from_db()
    assert world.comment.reply == "La formation commence en mars."
    assert "La formation commence en mars." in card.inner_text()


def test_the_two_factor_page_is_linked_from_the_navigation(live_server, phone, world):
    page = phone
    page.goto(url(live_server, "commitments:home"))
    page.locator(f".main-nav a[href='{reverse('two-factor')}']").click()
    assert page.url == url(live_server, "two-factor")
    assert page.locator(".main-nav a[aria-current=page]").get_attribute("href") == reverse(
        "two-factor"
    )
    # a wrong code: refused beside the field, nothing turned on
    page.fill("#id_token", "12345")
    submit(page)
    assert_error_next_to(page, "id_token")
    assert page.locator("#id_token").input_value() == "12345"
    assert_fits_and_is_accessible(page)


def test_the_admin_user_tools_link_to_the_two_factor_page(live_server, new_page):
    from tests.communes.factories import UserFactory

    page = new_page(viewport=MOBILE, java_script_enabled=False)
    log_in(page, live_server, UserFactory(staff=True, superuser=True))
    page.goto(url(live_server, "admin:index"))
    tools = page.locator("#user-tools")
    # Django's own links are kept
    assert tools.locator(f"a[href='{reverse('admin:password_change')}']").count() == 1
    assert tools.locator(f"form[action='{reverse('admin:logout')}'] button").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= MOBILE["width"]
    tools.locator(f"a[href='{reverse('two-factor')}']").click()
    assert page.url == url(live_server, "two-factor")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= MOBILE["width"]
