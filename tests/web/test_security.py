"""Secure by default: deploy checks, headers, CSP, admin lockout, conditional requests."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import HOME

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "_index.md").write_text(HOME)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IPT_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_SECRET_KEY="k3Y-" + "x9Qz7Lp2" * 8,
        DJANGO_ALLOWED_HOSTS="ipt.example.org",
        IPT_CONTENT_DIR=str(content),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Shared between workers, as production needs (no connection is made by `check`).
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_when_https_is_turned_off(tmp_path):
    env = production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def assert_security_headers(response):
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_content_page_headers(client, content, settings, midday):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    cache_control = response["Cache-Control"]
    assert (
        "public" in cache_control and f"max-age={settings.BROWSER_CACHE_SECONDS}," in cache_control
    )
    assert f"s-maxage={settings.EDGE_CACHE_SECONDS}," in cache_control


def test_404_page_has_the_headers_too(client, content):
    response = client.get("/nothing-here/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


def test_admin_page_headers_and_no_store(client, content, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_admin_login_page_is_no_store(client, content):
    response = client.get(reverse("admin:login"), secure=True)
    assert "no-store" in response["Cache-Control"]
    assert_security_headers(response)


def test_session_and_csrf_cookies_are_secure_httponly_samesite(settings):
    # tests/settings.py keeps DEBUG off, as production does.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=\"", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def test_public_pages_have_no_inline_script_or_style(client, content):
    content.page("faq.md", title="FAQ", template="faq", body="## Q?\n\nA.")
    for url in ("/", "/faq/", "/nothing-here/"):
        text = client.get(url).text
        assert not INLINE_SCRIPT.search(text), url
        assert not INLINE_STYLE.search(text), url
        assert not EVENT_HANDLER.search(text), url


def test_conditional_request_gets_304(client, content):
    first = client.get("/")
    assert first.status_code == 200
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get("/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_changed_page_is_not_304(client, content):
    first = client.get("/")
    content.write("_index.md", HOME.replace("Welcome.", "Welcome back."))
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Welcome back." in again.text


def test_admin_login_locks_out_after_repeated_failures(client, content, settings, admin_user):
    settings.AXES_ENABLED = True
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": admin_user.username, "password": "wrong"})
        assert response.status_code == 200  # the normal "please enter a correct" form
    response = client.post(url, {"username": admin_user.username, "password": "wrong"})
    assert response.status_code == 429  # the limit-th failure locks the pair out
    locked = client.post(url, {"username": admin_user.username, "password": "password"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    # The right password does not get through while locked.
    assert "_auth_user_id" not in client.session


def test_admin_login_works_before_the_limit(client, content, settings, admin_user):
    settings.AXES_ENABLED = True
    url = reverse("admin:login")
    client.post(url, {"username": admin_user.username, "password": "wrong"})
    response = client.post(
        url + "?next=/admin/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_admin_url_is_configurable(tmp_path):
    env = production_env(tmp_path, DJANGO_ADMIN_URL="staff-only-7f3a/")
    code = (
        "import django; django.setup(); "
        "from django.urls import reverse; print(reverse('admin:index'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "/staff-only-7f3a/", result.stderr


def test_admin_lockout_cannot_be_dodged_by_forging_forwarded_for(
    client, content, settings, admin_user
):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = 1
    url = reverse("admin:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client invents a new left-hand address each time; our proxy appends the real one.
        client.post(
            url,
            {"username": admin_user.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.7",
        )
    locked = client.post(
        url,
        {"username": admin_user.username, "password": "password"},
        HTTP_X_FORWARDED_FOR="10.8.8.8, 203.0.113.7",
    )
    assert locked.status_code == 429
    # Another real client is not locked out.
    other = client.post(
        url + "?next=/admin/",
        {"username": admin_user.username, "password": "password"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert other.status_code == 302


APP_PAGES = ["/therapists/", "/contact/", "/self-check/", "/self-check/mood/"]


@pytest.mark.parametrize("path", APP_PAGES)
def test_app_pages_send_the_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/contact/", "/self-check/mood/"])
def test_form_pages_are_no_store(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_no_public_page_has_inline_script_style_or_handlers(client, demo_directory):
    """Every page in the real sitemap (content, directory, profiles, tools) and the forms."""
    sitemap = client.get("/sitemap.xml").text
    paths = [
        re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    assert len(paths) > 30
    for path in [*paths, "/contact/thanks/", "/therapists/?area=grief", "/missing/"]:
        text = client.get(path).text
        assert not INLINE_SCRIPT.search(text), path
        assert not INLINE_STYLE.search(text), path
        assert not EVENT_HANDLER.search(text), path
