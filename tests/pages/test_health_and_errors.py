import pytest
from django.db import OperationalError
from django.test import RequestFactory

from ipt_site.web import errors, health

pytestmark = pytest.mark.django_db


def test_health_reports_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_500_page_is_styled_and_needs_no_database(content, django_assert_num_queries, settings):
    settings.VERSION_RECHECK_SECONDS = 3600
    errors.server_error(RequestFactory().get("/"))  # the help lines, once per data version
    with django_assert_num_queries(0):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Sorry, something went wrong" in text
    assert 'id="urgent-help"' in text
    assert text.count("<h1") == 1


@pytest.mark.django_db
def test_500_page_keeps_its_emergency_route_when_the_database_is_down(content, monkeypatch):
    """The database may be what failed: the panel falls back to the built-in lines."""
    from ipt_site.helplines import selectors

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "_from_rows", lambda request=None: down())
    response = errors.server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert 'href="tel:999"' in text and 'href="tel:116123"' in text


def test_debug_off_needs_a_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "ipt_site.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
