"""The enquiry rate limit holds across processes: two gunicorn servers (one worker each,
so every other request is certainly answered by the other process) share the count.

Before the counter moved into the database, each process counted alone in its local
memory cache and 7 of 14 enquiries got through a limit of 5. With PostgreSQL and Redis
(CI's second run) the servers use them; otherwise a temporary SQLite file.
"""

import http.cookiejar
import os
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import serverkit  # noqa: E402

from tests.conftest import database_to_ourselves  # noqa: E402

LIMIT = 5
MARKER = "Worker test"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_status(opener, url, data, client) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": client})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("workers")
    database = os.environ.get("DATABASE_URL", "")
    env = serverkit.server_env(
        workdir,
        {
            # Each run of this test is a new client, so the shared count starts at 0
            # even in a database that outlives the test.
            "IPT_TRUSTED_PROXIES": "1",
            "IPT_ENQUIRY_RATE_LIMIT": str(LIMIT),
            "IPT_ENQUIRY_MIN_SECONDS": "0",
            "IPT_ENQUIRY_ACKNOWLEDGE": "false",
            "EMAIL_URL": "consolemail://",
            "DATABASE_URL": database
            if database.startswith("postgres")
            else f"sqlite:///{workdir / 'site.sqlite3'}",
        },
    )
    with database_to_ourselves(env["DATABASE_URL"]):
        serverkit.prepare(env, demo=False, content=False)  # only the contact form is used
        with (
            serverkit.Gunicorn(env, workers=1, log=workdir / "a.log") as first,
            serverkit.Gunicorn(env, workers=1, log=workdir / "b.log") as second,
        ):
            assert first.proc.pid != second.proc.pid
            yield env, first, second
        # The enquiries this test sent, out of a database that may outlive it.
        serverkit.manage(
            env,
            "shell",
            "-c",
            "from ipt_site.contact.models import Enquiry; "
            f"Enquiry.objects.filter(name__startswith={MARKER!r}).delete()",
        )


def stored(env, name) -> int:
    code = (
        "from ipt_site.contact.models import Enquiry; "
        f"print(Enquiry.objects.filter(name={name!r}).count())"
    )
    return int(serverkit.manage(env, "shell", "-c", code).split()[-1])


def test_rate_limit_holds_across_two_server_processes(two_servers):
    env, first, second = two_servers
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(first.base + "/contact/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    name = f"{MARKER} {secrets.token_hex(4)}"
    data = {
        "csrfmiddlewaretoken": token,
        "started": started,
        "name": name,
        "email": "worker-test@example.org",
        "contact_preference": "email",
        "preferred_format": "online",
        "message": "Testing that the enquiry limit is shared by every server process.",
        "consent": "on",
    }
    client = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"

    statuses = [
        post_status(opener, server.base + "/contact/", data, client)
        for server in [first, second] * 7
    ]

    assert statuses == [302] * LIMIT + [429] * (14 - LIMIT), statuses
    assert stored(env, name) == LIMIT
    # Another client still gets through, on either server.
    other = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    assert post_status(opener, second.base + "/contact/", data, other) == 302


def test_gunicorn_names_itself_without_a_version(two_servers):
    """What a client sees when nothing is in front of gunicorn (docs/deployment.md: nginx
    in front drops this header and, with server_tokens off, names no version either)."""
    _env, first, _second = two_servers
    with urllib.request.urlopen(first.base + "/health/", timeout=30) as response:
        assert response.headers["Server"] == "gunicorn"
