"""Media serving with DEBUG off, the object-store switch, and what errors log."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_photos_are_served_with_debug_off_and_cache_headers(client, settings, media_root):
    assert settings.DEBUG is False and settings.SERVE_MEDIA is True
    (media_root / "therapists").mkdir()
    (media_root / "therapists" / "ada.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    response = client.get("/media/therapists/ada.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff fake jpeg"
    assert "public" in response["Cache-Control"]
    assert f"max-age={settings.MEDIA_CACHE_SECONDS}" in response["Cache-Control"]


@pytest.mark.parametrize(
    "bad", ["../settings.py", "..%2F..%2Fmanage.py", "therapists/../../manage.py", "missing.jpg"]
)
def test_media_never_serves_outside_media_root(client, media_root, bad):
    (media_root / "secret.txt").write_text("private")
    response = client.get(f"/media/{bad}")
    # 404, or 400 where Django spots the attempt (SuspiciousFileOperation): never a file.
    assert response.status_code in (400, 404)
    assert "private" not in response.text and "SECRET_KEY" not in response.text


def test_object_store_is_used_when_a_bucket_is_named(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_SECRET_KEY="x" * 50,
        AWS_STORAGE_BUCKET_NAME="ipt-photos",
        AWS_S3_CUSTOM_DOMAIN="photos.example.org",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    code = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.url('therapists/ada.jpg'), settings.SERVE_MEDIA,"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == [
        "S3Storage",
        "https://photos.example.org/therapists/ada.jpg",
        "False",
    ]
    assert "https://photos.example.org" in result.stdout  # allowed as an image source


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_logs_the_path_but_never_the_form(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/broken/", {"message": "I have felt very low since my mother died", "email": "a@b.c"}
        )
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.text
    logged = "\n".join(
        record.getMessage() + str(record.exc_info) + str(getattr(record, "request", ""))
        for record in caplog.records
    )
    assert "/broken/" in logged
    assert "mother" not in logged and "a@b.c" not in logged
    formatted = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert "mother" not in formatted


def test_health_view_is_plain_json(client):
    assert client.get("/health/")["Content-Type"] == "application/json"


def test_csrf_failure_page_is_friendly_and_has_urgent_help(content):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/", {"anything": "x"})
    assert response.status_code == 403
    assert "Please send the form again" in response.text
    assert "Samaritans" in response.text


def test_bad_request_and_forbidden_pages_have_urgent_help(content):
    from django.test import RequestFactory

    from ipt_site.web import errors

    request = RequestFactory().get("/")
    for view, status, heading in (
        (errors.bad_request, 400, "Something in that address was not right"),
        (errors.permission_denied, 403, "You cannot open this page"),
    ):
        response = view(request)
        assert response.status_code == status
        text = response.content.decode()
        assert heading in text and "Samaritans" in text


def test_csrf_failure_on_the_contact_form_gives_back_what_they_wrote(content):
    from django.test import Client

    message = "I would like to talk to someone about my low mood."
    response = Client(enforce_csrf_checks=True).post("/contact/", {"message": message})
    assert response.status_code == 403
    assert message in response.text
    assert "no-store" in response["Cache-Control"]
