"""Issue #4: where JavaScript runs, the form being filled is kept in the browser between saves
(static/js/workspace.js), with the time it was kept; never offered to another user, for another
quarter, nor over a newer copy saved on the server."""

import re

import pytest
from django.utils import translation

from commitments import services
from commitments.models import QuarterlyUpdate

from .a11y import assert_no_serious_accessibility_violations
from .conftest import MOBILE
from .workspace_world import build_workspace, log_in, quarter_url

KEPT = "Kept in this browser at %(time)s; not yet saved on the server."
RESTORED = "Text not yet saved was restored from this browser: save it."
CONFLICT = (
    "Text typed in this browser at %(time)s was not restored: this form was saved elsewhere "
    "since, and the saved version is shown."
)
DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('log-portal-draft:'))"


@pytest.fixture
def world(transactional_db):
    return build_workspace()


def french(msgid: str) -> str:
    with translation.override("fr"):
        return translation.gettext(msgid)


def time_pattern(msgid: str) -> re.Pattern:
    """The French sentence with any HH:MM time in its place."""
    before, after = french(msgid).split("%(time)s")
    return re.compile(re.escape(before) + r"\d{1,2}[:h]\d{2}" + re.escape(after))


def this_quarter(world):
    return QuarterlyUpdate.objects.filter(
        commitment=world.commitment, year=world.quarter.year, quarter=world.quarter.number
    )


def progress(page, world):
    return page.locator(f"textarea[name=c{world.commitment.pk}-progress]")


def test_the_update_form_is_kept_in_the_browser_restored_and_cleared_once_saved(
    live_server, new_page, world
):
    page = new_page(viewport=MOBILE)
    log_in(page, live_server, world.pc)
    page.goto(quarter_url(live_server, world))

    # when: part of the form is typed, nothing sent
    progress(page, world).fill("Le conseil a voté le budget.")
    page.select_option(f"select[name=c{world.commitment.pk}-completion_level]", "limited")

    # then: "kept in this browser at HH:MM", in the page's language (French)
    kept = page.locator(".ws-local-saved")
    assert time_pattern(KEPT).fullmatch(kept.inner_text()), kept.inner_text()
    assert_no_serious_accessibility_violations(page)

    # when: the tab is closed and the page opened again (a dropped connection, a reload)
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(quarter_url(live_server, world))

    # then: the typed text is back, said so, with the time it was kept
    assert progress(page, world).input_value() == "Le conseil a voté le budget."
    assert (
        page.locator(f"select[name=c{world.commitment.pk}-completion_level]").input_value()
        == "limited"
    )
    assert page.locator(".ws-local-restored").inner_text() == french(RESTORED)
    assert time_pattern(KEPT).fullmatch(page.locator(".ws-local-saved").inner_text())
    assert not this_quarter(world).exists()  # only the browser has it

    # when: saved on the server
    page.locator("button[name=save]").click()

    # then: the server has it, the browser copy is gone, the page shows the server's copy
    assert page.locator(".message-success").count() == 1
    assert this_quarter(world).get().progress == "Le conseil a voté le budget."
    assert page.evaluate(DRAFTS) == []
    assert page.locator(".ws-local-restored").count() == 0
    page.reload()
    assert progress(page, world).input_value() == "Le conseil a voté le budget."
    assert page.locator(".ws-local-restored").count() == 0


def test_a_draft_is_never_offered_to_another_user_nor_for_another_quarter(
    live_server, new_page, world, settings
):
    settings.UPDATE_GRACE_DAYS = 400  # the previous quarter is open for filing too
    # given: the point of contact typed without saving, on a shared computer
    page = new_page()
    log_in(page, live_server, world.pc)
    page.goto(quarter_url(live_server, world))
    progress(page, world).fill("Texte du point de contact")
    assert page.evaluate(DRAFTS)

    # then: not in the form of the previous quarter
    page.goto(quarter_url(live_server, world, world.quarter.previous()))
    assert progress(page, world).input_value() == ""
    assert page.locator(".ws-local-restored, .ws-local-conflict").count() == 0

    # nor for the volunteer who logs in next on the same browser, in the same form
    log_in(page, live_server, world.volunteer)
    page.goto(quarter_url(live_server, world))
    assert page.locator("button[name=save]").is_visible()
    assert progress(page, world).input_value() == ""
    assert page.locator(".ws-local-restored, .ws-local-conflict").count() == 0

    # and it is still there for its author
    log_in(page, live_server, world.pc)
    page.goto(quarter_url(live_server, world))
    assert progress(page, world).input_value() == "Texte du point de contact"


def test_a_draft_never_silently_overwrites_a_newer_copy_saved_on_the_server(
    live_server, new_page, world
):
    # given: the point of contact typed a draft in this browser, without saving
    page = new_page()
    log_in(page, live_server, world.pc)
    page.goto(quarter_url(live_server, world))
    progress(page, world).fill("Mon texte local")
    # and the volunteer saved the same commitment's update from another device since
    services.update_save_draft(
        commitment=world.commitment,
        year=world.quarter.year,
        quarter=world.quarter.number,
        progress="Texte du volontaire",
        by=world.volunteer,
        expected_version=0,
    )

    # when: the form is opened again
    page.reload()

    # then: the server's newer copy is shown; the local text is offered, not applied
    assert progress(page, world).input_value() == "Texte du volontaire"
    notice = page.locator(".ws-local-conflict")
    assert time_pattern(CONFLICT).fullmatch(notice.locator("p").inner_text())
    assert_no_serious_accessibility_violations(page)

    # when: the point of contact chooses to restore it
    notice.get_by_role("button").first.click()
    assert progress(page, world).input_value() == "Mon texte local"
    assert page.locator(".ws-local-conflict").count() == 0

    # given again: another local text over an older copy, discarded this time
    services.update_save_draft(
        commitment=world.commitment,
        year=world.quarter.year,
        quarter=world.quarter.number,
        progress="Deuxième texte du volontaire",
        by=world.volunteer,
        expected_version=1,
    )
    page.reload()
    page.locator(".ws-local-conflict").get_by_role("button").last.click()
    assert page.evaluate(DRAFTS) == []
    page.reload()
    assert progress(page, world).input_value() == "Deuxième texte du volontaire"
    assert page.locator(".ws-local-conflict").count() == 0
