import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from ipt_site.pagecache.models import Version
from ipt_site.web import errors

pytestmark = pytest.mark.django_db


def test_health_reports_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "content": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
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


def test_health_answers_a_load_balancer_checking_by_address(client, content, settings):
    """The load balancer asks each app server by its address, over plain http: neither is
    what visitors use, and both would otherwise be refused (400) or redirected (301)."""
    settings.ALLOWED_HOSTS = ["ipt.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/", HTTP_HOST="10.0.0.5:8000", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}  # the details stay for this machine
    assert response["X-Content-Type-Options"] == "nosniff"
    # Every other path still checks the host, and still goes to HTTPS.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/health", HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get("/", HTTP_HOST="ipt.example.org").status_code == 301


@pytest.mark.parametrize("damage", ["gone", "a file"])
def test_health_is_503_when_the_content_folder_cannot_be_read(client, content, settings, damage):
    assert client.get("/health/").status_code == 200
    moved = settings.CONTENT_DIR.rename(settings.CONTENT_DIR.with_name("moved"))
    if damage == "a file":
        settings.CONTENT_DIR.write_text("not a folder")
    response = client.get("/health/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "content": "unavailable",
        "cache": "ok",
    }
    assert client.get("/health/", REMOTE_ADDR="203.0.113.5").json() == {"status": "unavailable"}
    if damage == "a file":
        settings.CONTENT_DIR.unlink()
    moved.rename(settings.CONTENT_DIR)
    assert client.get("/health/").status_code == 200


def test_health_is_503_when_the_database_has_lost_the_sites_tables(client, monkeypatch):
    """A server that answers SELECT 1 but cannot read the site's rows serves no page."""
    monkeypatch.setattr(Version._meta, "db_table", "no_such_table")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
