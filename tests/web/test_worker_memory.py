"""Heavy libraries load only where they are used, so every worker stays small.

ReportLab (about 12 MB a process) draws the guide PDFs and qrcode the two-step set-up
image; a worker that only serves pages must not carry them (docs/quality.md: memory).
"""

import subprocess
import sys

from django.conf import settings

SERVE_PAGES = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("sync_content", verbosity=0)
from django.test import Client
client = Client()
for url in ("/", "/problem-areas/grief/", "/faq/", "/therapists/", "/search/?q=grief"):
    assert client.get(url).status_code == 200, url
print(" ".join(name for name in ("reportlab", "qrcode") if name in sys.modules))
"""


def test_serving_pages_loads_neither_reportlab_nor_qrcode(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SERVE_PAGES],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"loaded by serving pages: {result.stdout.strip()}"
