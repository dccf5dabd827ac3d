"""Two app servers, each with its own content folder and its own local-memory cache, and one
PostgreSQL database: a page saved through one is served by the other on its next request
after the re-check interval, and the other's deploy does not undo it (docs/deployment.md).

Real gunicorn processes on ports 8100-8199; runs in the real-server pass
(IPT_REQUIRE_REAL_SERVERS=1 with PostgreSQL), like test_real_servers.py.
"""

import html
import http.cookiejar
import os
import re
import shutil
import socket
import time
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from ipt_site.pages.models import Page
from scripts.serverkit import Gunicorn, manage, server_env

REQUIRED = os.environ.get("IPT_REQUIRE_REAL_SERVERS") == "1"
PORTS = range(8100, 8200)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not REQUIRED or connection.vendor != "postgresql",
        reason="set IPT_REQUIRE_REAL_SERVERS=1 with DATABASE_URL=postgres://... to run",
    ),
]


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8199")


def database_url() -> str:
    """The test database, which the servers share with this test."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Browser:
    """A client with cookies, for one server."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, form: str, data: dict) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with self.opener.open(self.base + path, body, timeout=30) as response:
            return response.read().decode()


def field(form: str, name: str) -> str:
    found = re.search(rf'<(?:input[^>]*name="{name}"[^>]*value="([^"]*)"|textarea[^>]*name='
                      rf'"{name}"[^>]*>(.*?)</textarea>)', form, re.S)  # fmt: skip
    return html.unescape(found[1] if found[1] is not None else found[2].lstrip("\n"))


def test_a_save_through_one_server_is_served_by_the_other(tmp_path, settings):
    # A password the servers can check (the test settings hash with MD5, for speed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-1234567")
    common = {
        "DATABASE_URL": database_url(),
        "CACHE_URL": "locmemcache://",  # each server its own cache: nothing shared but the database
        "IPT_REQUIRE_2FA": "false",
        "IPT_CONTENT_HISTORY": "database",
        "IPT_VERSION_RECHECK_SECONDS": "1",
    }
    common["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")  # the same release on both
    envs = {}
    for name in ("a", "b"):
        folder = tmp_path / f"content-{name}"
        shutil.copytree(settings.BASE_DIR / "content", folder)
        envs[name] = server_env(tmp_path / name, {**common, "IPT_CONTENT_DIR": str(folder)})
        manage(envs[name], "sync_content")  # each server's deploy
    manage(envs["a"], "collectstatic", "--noinput")

    servers = {name: Gunicorn(env, workers=1) for name, env in envs.items()}
    for server in servers.values():
        server.port = free_port()
        server.base = f"http://127.0.0.1:{server.port}"
        server.__enter__()
    try:
        a, b = Browser(servers["a"].base), Browser(servers["b"].base)
        assert "Questions people often ask" in b.get("/faq/")
        b.get("/faq/")  # stored in B's own cache

        login = f"/{settings.ADMIN_URL}login/"
        admin = f"/{settings.ADMIN_URL}"
        a.post(login, a.get(login), {"username": "boss", "password": "pw-1234567", "next": admin})
        row = Page.objects.get(relpath="faq.md")
        raw = f"/{settings.ADMIN_URL}editor/contentpage/{row.pk}/raw/"
        form = a.get(raw)
        text = field(form, "text").replace(
            "title: Questions people often ask", "title: Saved through server A"
        )
        a.post(raw, form, {"text": text, "base": field(form, "base"), "message": "Test"})
        assert "Saved through server A" in (tmp_path / "content-a" / "faq.md").read_text()

        saved = time.monotonic()
        while "Saved through server A" not in b.get("/faq/"):
            assert time.monotonic() - saved < 5, "server B never served the edit"
            time.sleep(0.1)
        assert time.monotonic() - saved < 3  # the re-check interval (1 s), not a deploy

        # B's folder still holds the old file: B's next deploy brings it up to date, and
        # never imports it over the edit.
        assert "Saved through server A" not in (tmp_path / "content-b" / "faq.md").read_text()
        assert "brought up to date" in manage(envs["b"], "sync_content")
        assert "Saved through server A" in (tmp_path / "content-b" / "faq.md").read_text()
        assert "Saved through server A" in b.get("/faq/")
        assert Page.objects.get(relpath="faq.md").edited_by == user.get_username()
    finally:
        for server in servers.values():
            server.__exit__()
