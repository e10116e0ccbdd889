from pathlib import Path

import polib
import pytest
from django.conf import settings

from log_portal import settings as project_settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PRODUCT_LANGUAGE_CODE = project_settings.LANGUAGE_CODE


@pytest.mark.parametrize("language", ["fr", "en", "pt"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 500
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Aller au contenu"), ("en", "Skip to content"), ("pt", "Saltar para o conteúdo")],
)
def test_pages_speak_the_chosen_language(client, db, settings, language, expected):
    settings.LANGUAGE_CODE = PRODUCT_LANGUAGE_CODE
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'lang="{language}"' in response.text
    assert expected in response.text


def test_french_is_the_default_language(client, db, settings):
    assert PRODUCT_LANGUAGE_CODE == "fr"
    settings.LANGUAGE_CODE = PRODUCT_LANGUAGE_CODE  # tests/conftest.py sets English for tests
    response = client.get("/")
    assert 'lang="fr"' in response.text
