"""Issue #4: every workspace page in Portuguese and in English, as the browser asks, on a phone
without JavaScript. Each page's heading and form labels are compared with the catalogue (the
same msgids through gettext): an untranslated string or a template that forgot {% translate %}
fails here."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from action_plans.forms import (
    VISION_SECTIONS,
    EndorsementForm,
    MeetingForm,
    PlanCreateForm,
    PlanForm,
    vision_form_class,
)
from commitments.forms import (
    ActorForm,
    ChangeForm,
    CommentReplyForm,
    CommitmentForm,
    EvidenceForm,
    MilestoneForm,
    UpdateForm,
)

from .conftest import MOBILE
from .workspace_world import build_workspace, log_in

# Words that are the same in English and Portuguese.
SAME_IN_PORTUGUESE = {"URL", "E-mail", "Email"}


@pytest.fixture
def world(transactional_db):
    return build_workspace()


def labels(*form_classes) -> list[str]:
    """The visible fields' labels of the forms, in the active language."""
    return [
        str(field.label)
        for form_class in form_classes
        for field in form_class.base_fields.values()
        if field.label and not field.widget.is_hidden
    ]


def pages(world):
    """(url name, its kwargs, its h1 (or a heading's selector and text) in the active language,
    the form classes on the page)."""
    commune, draft, quarter = world.commune, world.draft, world.quarter
    yield (
        "commitments:dashboard",
        {"commune_pk": commune.pk},
        gettext("Workspace of %(name)s") % {"name": commune.name},
        [],
    )
    yield (
        "commitments:quarter-update",
        {"commune_pk": commune.pk, "year": quarter.year, "quarter": quarter.number},
        gettext("Quarterly update %(quarter)s") % {"quarter": quarter},
        [UpdateForm, EvidenceForm],
    )
    yield (
        "action_plans:create",
        {"commune_pk": commune.pk},
        gettext("New action plan for %(name)s") % {"name": commune.name},
        [PlanCreateForm],
    )
    yield "action_plans:edit", {"pk": draft.pk}, gettext("Edit the plan"), [PlanForm]
    # the plan's hub: its h1 is the plan's title, its first section's heading is checked
    yield (
        "commitments:plan",
        {"pk": draft.pk},
        ("#checklist-title", gettext("Co-creation requirements (R19)")),
        [],
    )
    for section in VISION_SECTIONS:
        yield (
            "action_plans:vision-section",
            {"pk": draft.pk, "section": section},
            gettext("Strategic vision"),
            [vision_form_class(section)],
        )
    yield (
        "commitments:create",
        {"plan_pk": draft.pk},
        gettext("New commitment"),
        [CommitmentForm, ActorForm, MilestoneForm],
    )
    yield (
        "action_plans:meeting-create",
        {"pk": draft.pk},
        gettext("Record a meeting"),
        [MeetingForm],
    )
    yield (
        "action_plans:endorsement-create",
        {"pk": draft.pk},
        gettext("Record an endorsement"),
        [EndorsementForm],
    )
    yield (
        "commitments:evidence-add",
        {"target": "commitment", "pk": world.commitment.pk},
        gettext("Add evidence"),
        [EvidenceForm],
    )
    yield (
        "commitments:change",
        {"pk": world.recent.pk},
        gettext("Changes of %(title)s") % {"title": world.recent.title},
        [ChangeForm],
    )
    yield (
        "commitments:comments",
        {"commune_pk": commune.pk},
        gettext("Comments on the commune's updates"),
        [CommentReplyForm],
    )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().removesuffix("*").strip()


@pytest.mark.parametrize(
    ("language", "locale"), [("pt", "pt-PT"), ("en", "en-GB")], ids=["pt", "en"]
)
def test_every_workspace_page_speaks_the_browser_language(
    live_server, new_page, world, language, locale
):
    page = new_page(viewport=MOBILE, java_script_enabled=False, locale=locale)
    log_in(page, live_server, world.pc)
    with translation.override("en"):
        english = list(pages(world))
    with translation.override(language):
        translated = list(pages(world))
        expected_labels = [labels(*forms) for _n, _k, _h, forms in translated]
    with translation.override("en"):
        english_labels = [labels(*forms) for _n, _k, _h, forms in english]

    problems = []
    for (name, kwargs, h1, _forms), wanted, source, source_labels in zip(
        translated, expected_labels, english, english_labels, strict=True
    ):
        page.goto(live_server.url + reverse(name, kwargs=kwargs))
        where = f"{name} {kwargs}"
        assert page.locator("html").get_attribute("lang") == language, where
        assert page.evaluate("document.scrollingElement.scrollWidth") <= MOBILE["width"], where
        selector, heading = h1 if isinstance(h1, tuple) else ("h1", h1)
        assert page.locator("h1").count() == 1, where
        shown_heading = normalise(page.locator(selector).inner_text())
        if shown_heading != heading:
            problems.append(f"{where}: {selector} {shown_heading!r}, expected {heading!r}")
        if language != "en" and h1 == source[2]:
            problems.append(f"{where}: {selector} {heading!r} is not translated")
        shown = {normalise(text) for text in page.locator("main label").all_text_contents()}
        for label, label_en in zip(wanted, source_labels, strict=True):
            if label not in shown:
                problems.append(f"{where}: label {label!r} not shown")
            if language != "en" and label == label_en and label not in SAME_IN_PORTUGUESE:
                problems.append(f"{where}: label {label!r} is not translated")
    assert not problems, "\n".join(problems)

    # a refused form answers in the same language, next to the field
    page.goto(
        live_server.url + reverse("action_plans:endorsement-create", kwargs={"pk": world.draft.pk})
    )
    page.locator("main form.form button[type=submit]").click()
    with translation.override(language):
        required = gettext("This field is required.")
    assert page.locator("#id_organisation_errors").inner_text().strip() == required
