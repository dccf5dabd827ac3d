"""A mail server that accepts connections and never answers does not hold up the site,
and the email still goes once the server is back. Production's set-up: gunicorn, a real
`manage.py db_worker`, PostgreSQL, and a mail server on a loopback port (scripts/
mailserver.py): first silent, then a healthy one on the same port.

Runs with IPT_REQUIRE_REAL_SERVERS=1 and DATABASE_URL=postgres://... (CI's second run).
Before the task queue, the thanks page took 20 s here (EMAIL_TIMEOUT=10, two emails).
"""

import http.cookiejar
import os
import re
import secrets
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import serverkit  # noqa: E402
from mailserver import MailServer  # noqa: E402

from tests.conftest import database_to_ourselves  # noqa: E402

DATABASE = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    os.environ.get("IPT_REQUIRE_REAL_SERVERS") != "1" or not DATABASE.startswith("postgres"),
    reason="set IPT_REQUIRE_REAL_SERVERS=1 with DATABASE_URL=postgres://... to run",
)

MARKER = "Mail outage test"
EMAIL_TIMEOUT = 3  # seconds the worker waits on the silent server, per connection


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def shell(env, code: str) -> str:
    return serverkit.manage(env, "shell", "-c", code).strip().splitlines()[-1]


def enquiry_state(env, name: str) -> str:
    return shell(
        env,
        "from ipt_site.contact.models import Enquiry; "
        f"e = Enquiry.objects.get(name={name!r}); "
        "print(e.pk, e.notification_status, e.notification_attempts, "
        "e.last_notification_error or '-')",
    )


@pytest.fixture
def site(tmp_path):
    mail_port = serverkit.free_port(*serverkit.port_range())
    env = serverkit.server_env(
        tmp_path,
        {
            "DATABASE_URL": DATABASE,
            "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            "IPT_TASK_RETRY_DELAYS": "2,2,2,2,2",
            "IPT_ENQUIRY_RATE_LIMIT": "1000",
            "IPT_ENQUIRY_MIN_SECONDS": "0",
            "IPT_ENQUIRY_NOTIFY_EMAIL": "practice@example.org",
            "IPT_SITE_URL": "https://ipt.example",
        },
    )
    with database_to_ourselves(DATABASE):
        serverkit.prepare(env, demo=False)
        silent = MailServer(mail_port, "silent").start()
        try:
            with (
                # One worker process, so the form's GET below has warmed the one that
                # answers the POST: the second's first request would pay for its imports.
                serverkit.Gunicorn(env, workers=1, log=tmp_path / "gunicorn.log") as server,
                serverkit.TaskWorker(env, log=tmp_path / "worker.log"),
            ):
                yield env, server, silent
        finally:
            silent.stop()
            # This test's enquiries and their task rows, out of a database that outlives it.
            shell(
                env,
                "from ipt_site.contact.models import Enquiry; "
                "from django_tasks_db.models import DBTaskResult; "
                f"ids = list(Enquiry.objects.filter(name__startswith={MARKER!r})"
                ".values_list('pk', flat=True)); "
                "rows = DBTaskResult.objects.filter("
                "task_path='ipt_site.contact.tasks.send_enquiry_emails'); "
                "[r.delete() for r in rows if r.args_kwargs['args'][:1] in ([i] for i in ids)]; "
                "Enquiry.objects.filter(pk__in=ids).delete(); print('cleaned')",
            )


def test_a_silent_mail_server_never_holds_the_thanks_page_and_the_email_goes_later(site):
    env, server, silent = site
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with browser.open(server.base + "/contact/", timeout=30) as response:
        page = response.read().decode()
    name = f"{MARKER} {secrets.token_hex(4)}"
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
        "started": re.search(r'name="started" value="([^"]+)"', page)[1],
        "name": name,
        "email": "outage-test@example.org",
        "contact_preference": "email",
        "preferred_format": "online",
        "message": "Testing that a silent mail server never holds up the thanks page.",
        "consent": "on",
    }

    started = time.perf_counter()
    try:
        browser.open(server.base + "/contact/", urllib.parse.urlencode(form).encode(), timeout=30)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302 and redirect.headers["Location"] == "/contact/thanks/"
    with browser.open(server.base + "/contact/thanks/", timeout=30) as response:
        assert response.status == 200
    thanks_seconds = time.perf_counter() - started
    assert thanks_seconds < 1, f"the thanks page took {thanks_seconds:.2f} s"

    # The worker tried the silent server, waited its timeout, and queued another attempt.
    serverkit.wait_for(lambda: silent.connections >= 1, 30, "the worker to reach the mail server")
    pk, status, attempts, error = serverkit.wait_for(
        lambda: (state := enquiry_state(env, name).split())[3] != "-" and state,
        30,
        "the first attempt to end",
    )
    assert status == "pending" and error == "SMTPServerDisconnected", (status, error)

    # The mail server comes back, healthy, on the same port: the retry delivers.
    silent.stop()
    with MailServer(silent.port, "sink") as sink:
        serverkit.wait_for(lambda: len(sink.messages) >= 2, 60, "the emails to arrive")
        subjects = sorted(message["Subject"] for message in sink.messages)
    assert subjects == [f"New enquiry #{pk}", "We have received your enquiry (The IPT Practice)"]
    pk, status, attempts, error = enquiry_state(env, name).split()
    assert status == "sent" and int(attempts) >= 2
