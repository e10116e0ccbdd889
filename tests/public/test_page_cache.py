"""The public pages' cache (log_portal/public/caching.py): a kept page is the visitor's own
(CSRF token), never a logged-in user's, and gives way to new data."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Comment
from log_portal.public import caching
from tests.communes.factories import CommuneFactory, UserFactory
from tests.volunteers.factories import VolunteerApplicationFactory

from .world import published_commitment

pytestmark = pytest.mark.django_db

PAGES = [
    "public:home",
    "public:communes",
    "public:commune",
    "public:plan",
    "public:commitment",
    "public:commitments",
    "public:data",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def url_of(name, world):
    args = {
        "public:commune": [world.commune.slug],
        "public:plan": [world.plan.pk],
        "public:commitment": [world.commitment.pk],
    }.get(name, [])
    return reverse(name, args=args)


def without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


@pytest.mark.parametrize("name", PAGES)
def test_a_kept_page_is_served_with_one_query_and_the_same_content(
    client, world, name, django_assert_num_queries
):
    url = url_of(name, world)
    first = client.get(url)

    with django_assert_num_queries(1):  # the data stamp; no page rendering
        again = Client().get(url)

    assert again.status_code == 200
    assert without_tokens(again.text) == without_tokens(first.text)


def test_with_the_stamp_kept_too_a_page_is_served_without_the_database(
    world, settings, django_assert_num_queries
):
    settings.PUBLIC_STAMP_SECONDS = 5
    url = url_of("public:commitment", world)
    Client().get(url)

    with django_assert_num_queries(0):
        response = Client().get(url)

    assert response.status_code == 200
    assert "Budget participatif" in response.text


def test_each_visitor_gets_their_own_csrf_token_and_can_post_with_it(world):
    url = url_of("public:commitment", world)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)

    page = second.get(url)

    tokens = set(TOKEN.findall(page.text))
    assert len(tokens) == 1
    assert re.fullmatch(r"[A-Za-z0-9]{64}", next(iter(tokens)))  # a real token, not the mark
    prefix = f"c{world.update.pk}-"
    posted = second.post(
        reverse("public:comment-create", args=[world.update.pk]),
        {
            prefix + "author_name": "Moussa",
            prefix + "author_email": "moussa@example.org",
            prefix + "body": "Où en est le budget ?",
            "csrfmiddlewaretoken": tokens.pop(),
        },
    )
    assert posted.status_code == 302
    assert Comment.objects.filter(author_name="Moussa", update=world.update).exists()


def test_a_change_of_public_data_gives_the_next_visitor_the_new_page(client, world):
    url = url_of("public:plan", world)
    client.get(url)

    published_commitment(world.plan, title="Eau potable pour tous")

    assert "Eau potable pour tous" in Client().get(url).text


def test_a_kept_stamp_shows_a_change_only_once_it_expires(world, settings):
    settings.PUBLIC_STAMP_SECONDS = 5
    url = url_of("public:plan", world)
    Client().get(url)

    published_commitment(world.plan, title="Eau potable pour tous")
    stale = Client().get(url)
    cache.delete(caching.STAMP_KEY)  # what 5 seconds do
    fresh = Client().get(url)

    assert "Eau potable pour tous" not in stale.text
    assert "Eau potable pour tous" in fresh.text


def test_a_logged_in_user_never_gets_a_kept_page(client, world):
    url = url_of("public:home", world)
    Client().get(url)  # kept for anonymous visitors
    user = UserFactory()
    client.force_login(user)

    response = client.get(url)

    assert reverse("logout") in response.text
    assert reverse("logout") not in Client().get(url).text


def test_pages_are_kept_per_language(world):
    url = url_of("public:plan", world)
    Client().get(url, headers={"accept-language": "fr"})

    english = Client().get(url, headers={"accept-language": "en"})

    assert english["Content-Language"] == "en"
    assert '<html lang="en"' in english.text


def test_a_waiting_message_is_shown_not_a_kept_page(world):
    url = url_of("public:commitment", world)
    Client().get(url)
    visitor = Client()
    prefix = f"c{world.update.pk}-"
    visitor.post(
        reverse("public:comment-create", args=[world.update.pk]),
        {
            prefix + "author_name": "Moussa",
            prefix + "author_email": "moussa@example.org",
            prefix + "body": "Merci !",
        },
    )

    page = visitor.get(url)

    assert "moderated" in page.text or "modéré" in page.text


def test_private_models_named_in_the_cache_exist():
    labels = {m._meta.label for m in apps.get_models()}

    assert labels >= caching.PRIVATE_MODELS


def test_a_private_change_leaves_the_stamp_a_public_one_moves_it(world):
    application = VolunteerApplicationFactory()
    before = caching.public_data_stamp()

    application.motivation = "Changed by staff"
    application.save()
    after_private = caching.public_data_stamp()
    CommuneFactory(member=True)
    after_public = caching.public_data_stamp()

    assert after_private == before
    assert after_public > before


def test_the_home_totals_are_computed_once_per_stamp(world, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client = Client()
    client.get(reverse("public:home"))
    with django_assert_num_queries(3):  # stamp, latest updates, communes; no totals
        client.get(reverse("public:home"))

    CommuneFactory(member=True)
    numbers = client.get(reverse("public:home")).context["numbers"]

    assert numbers.communes == 2


def test_a_deleted_row_moves_the_stamp_once_committed(world, django_capture_on_commit_callbacks):
    before = caching.public_data_stamp()

    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=world.approved.pk).delete()

    assert caching.public_data_stamp() != before


def test_a_staff_moderation_in_the_admin_shows_at_once(admin_client, world):
    url = url_of("public:commitment", world)
    assert "Bravo" in Client().get(url).text

    admin_client.post(
        reverse("admin:commitments_comment_changelist"),
        {"action": "reject", "_selected_action": [world.approved.pk]},
    )

    assert "Bravo" not in Client().get(url).text


def test_an_address_with_unknown_parameters_is_rendered_not_kept(world, django_assert_num_queries):
    search = url_of("public:commitments", world) + "?q=budget&page=1"
    made_up = url_of("public:commitments", world) + "?utm_source=x"
    Client().get(search)
    Client().get(made_up)

    with django_assert_num_queries(1):  # kept: the stamp only
        Client().get(search)
    with CaptureQueriesContext(connection) as queries:
        Client().get(made_up)
    assert len(queries) > 1  # rendered again


def test_the_etag_follows_the_visitors_csrf_cookie(world):
    url = url_of("public:plan", world)
    visitor = Client()
    etag = visitor.get(url)["ETag"]

    visitor.cookies.pop("csrftoken", None)
    visitor.cookies["csrftoken"] = "a" * 32

    assert visitor.get(url, headers={"if-none-match": etag}).status_code == 200


def test_public_pages_are_rendered_when_redis_does_not_answer(world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    for name in PAGES:
        response = Client().get(url_of(name, world))
        assert response.status_code == 200, name
