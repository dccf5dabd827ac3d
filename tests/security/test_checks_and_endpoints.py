"""Deploy checks for an unshared cache and for two-step sign-in turned off;
security.txt; what /health/ tells whom."""

import re
from datetime import date

import pytest
from django.db import OperationalError, connection

from tests.web.test_security import manage, production_env

pytestmark = pytest.mark.django_db


def deploy_check(tmp_path, **env):
    result = manage(production_env(tmp_path, **env), "check", "--deploy", "--fail-level", "WARNING")
    return result.returncode, result.stdout + result.stderr


def test_check_deploy_warns_when_the_cache_is_per_process(tmp_path):
    code, output = deploy_check(tmp_path, CACHE_URL="locmemcache://")
    assert code != 0
    assert "ipt_site.W001" in output and "Set CACHE_URL to a Redis server" in output


def test_a_single_worker_deployment_can_silence_it(tmp_path):
    code, output = deploy_check(
        tmp_path, CACHE_URL="locmemcache://", DJANGO_SILENCED_SYSTEM_CHECKS="ipt_site.W001"
    )
    assert code == 0, output


def test_check_deploy_warns_when_two_step_sign_in_is_off(tmp_path):
    code, output = deploy_check(tmp_path, IPT_REQUIRE_2FA="false")
    assert code != 0 and "ipt_site.W002" in output


def test_check_warns_when_the_access_log_is_kept_shorter_than_enquiries(tmp_path):
    code, output = deploy_check(
        tmp_path, IPT_AUDIT_RETENTION_DAYS="30", IPT_ENQUIRY_RETENTION_DAYS="365"
    )
    assert code != 0 and "ipt_site.W003" in output


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SITE_URL = "https://ipt.example.org"
    settings.SECURITY_TXT_CONTACTS = ["mailto:security@example.org", "https://example.org/report"]
    settings.SECURITY_TXT_EXPIRES_DAYS = 180
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[:2] == [
        "Contact: mailto:security@example.org",
        "Contact: https://example.org/report",
    ]
    assert "Preferred-Languages: en" in lines
    assert "Canonical: https://ipt.example.org/.well-known/security.txt" in lines
    expires = next(line for line in lines if line.startswith("Expires: "))
    match = re.fullmatch(r"Expires: (\d{4}-\d\d-\d\d)T00:00:00\.000Z", expires)
    assert match, expires
    days_ahead = (date.fromisoformat(match.group(1)) - date.today()).days
    assert 179 <= days_ahead <= 181  # in the future, and well under a year (RFC 9116 2.5.5)
    assert "public" in response["Cache-Control"]


def test_security_txt_defaults_to_the_practice_email(client, settings):
    text = client.get("/.well-known/security.txt").text
    assert f"Contact: mailto:{settings.PRACTICE_EMAIL}" in text


def test_health_gives_details_to_this_machine(client):
    response = client.get("/health/", REMOTE_ADDR="127.0.0.1")
    assert response.json() == {"status": "ok", "database": "ok", "content": "ok", "cache": "ok"}
    assert client.get("/health/", REMOTE_ADDR="::1").json()["database"] == "ok"


def test_health_gives_others_the_status_alone(client):
    response = client.get("/health/", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_behind_a_proxy_on_this_machine_judges_the_real_client(client, settings):
    settings.TRUSTED_PROXIES = 1
    response = client.get("/health/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.json() == {"status": "ok"}


def test_health_token_opens_the_details(client, settings):
    settings.HEALTH_TOKEN = "monitor-7f3a9c"
    far = {"REMOTE_ADDR": "203.0.113.5"}
    assert "database" not in client.get("/health/", **far).json()
    wrong = client.get("/health/", HTTP_AUTHORIZATION="Bearer guess", **far)
    assert "database" not in wrong.json()
    right = client.get("/health/", HTTP_AUTHORIZATION="Bearer monitor-7f3a9c", **far)
    assert right.json()["database"] == "ok"


def test_health_503_says_nothing_more_to_others(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
