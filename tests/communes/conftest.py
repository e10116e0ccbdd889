import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_private_media(settings, tmp_path):
    """Messages are asserted in their English source; uploads go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield
