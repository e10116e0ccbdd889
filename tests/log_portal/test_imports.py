import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_api_module_can_be_imported_before_drf_views():
    """DRF's settings name classes of log_portal.api: importing it first must not loop."""
    code = (
        "import django; django.setup();"
        "import log_portal.api;"
        "from rest_framework.views import APIView;"
        "print(APIView.throttle_classes[0].__name__)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "log_portal.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "AnonThrottle" in result.stdout
