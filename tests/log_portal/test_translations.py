from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


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
def test_pages_speak_the_chosen_language(client, db, language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'lang="{language}"' in response.text
    assert expected in response.text


def test_french_is_the_default_language(client, db):
    response = client.get("/")
    assert 'lang="fr"' in response.text
