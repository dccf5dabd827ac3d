"""Benchmark: does a visitor wait on the mail server? (`make bench-mail`)

Starts the site under gunicorn (production settings, EMAIL_TIMEOUT=10) twice, side by
side on one database: one with a mail server that accepts connections and never answers
(scripts/mailserver.py "silent"), one with a healthy one ("sink"). When the app has a task
queue worker (`manage.py db_worker`) one runs beside each, as in production. Then, one
request at a time, taking turns between the two sites (so both meet the same load):

- POST /contact/ (an enquiry): latency with the silent server against the healthy one;
- POST /account/forgot/ for an address with a therapist account and for one without:
  the same latency either way, or the page tells who has an account.

Prints medians and maxima in milliseconds and the ratios; with a worker, also how many
emails the healthy sink received: the two sites share one database, so one queue and two
workers, one stuck on the silent server; what it could not send is tried again and the
other delivers it. Uses a throwaway SQLite database under /tmp, or DATABASE_URL when set.
Servers listen on 127.0.0.1 only, on IPT_BENCH_PORTS (e.g. 8200-8299) when set.

    .venv/bin/python scripts/bench_mail.py                 # 20 requests healthy, 3 silent
    .venv/bin/python scripts/bench_mail.py --healthy 50 --silent 5
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.mailserver import MailServer  # noqa: E402
from scripts.serverkit import (  # noqa: E402
    PYTHON,
    ROOT,
    Gunicorn,
    TaskWorker,
    free_port,
    manage,
    port_range,
    prepare,
    server_env,
)

EMAIL_TIMEOUT = 10
ACCOUNT_EMAIL = "bench-therapist@example.org"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_RE = re.compile(r'name="started" value="([^"]+)"')
COOKIE_RE = re.compile(r"csrftoken=([^;]+)")

MAKE_ACCOUNT = f"""
from django.contrib.auth import get_user_model
from ipt_site.accounts.models import TherapistAccount
from ipt_site.therapists.models import Therapist
from django.utils import timezone
therapist, _ = Therapist.objects.get_or_create(
    slug="bench-therapist", defaults={{"name": "Bench Therapist", "email": "{ACCOUNT_EMAIL}"}}
)
user, _ = get_user_model().objects.get_or_create(
    username="{ACCOUNT_EMAIL}", defaults={{"email": "{ACCOUNT_EMAIL}"}}
)
TherapistAccount.objects.get_or_create(
    user=user, therapist=therapist, defaults={{"password_set_at": timezone.now()}}
)
"""


# What this run added, out of a database given by DATABASE_URL that outlives it.
CLEAN_UP = f"""
from django.contrib.auth import get_user_model
from ipt_site.contact.models import Enquiry
from ipt_site.therapists.models import Therapist
Enquiry.objects.filter(name="Bench Mark").delete()
Therapist.objects.filter(slug="bench-therapist").delete()
get_user_model().objects.filter(username="{ACCOUNT_EMAIL}").delete()
try:
    from django_tasks_db.models import DBTaskResult
    DBTaskResult.objects.filter(enqueued_at__gte="{{started}}").delete()
except (ImportError, RuntimeError):  # an app without the task queue
    pass
"""


def has_worker(env: dict) -> bool:
    """Whether this version of the app has the task queue's worker command."""
    result = subprocess.run(
        [PYTHON, "manage.py", "help", "db_worker"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def form(conn: http.client.HTTPConnection, path: str, client: str) -> tuple[str, dict]:
    conn.request("GET", path, headers={"X-Forwarded-For": client})
    response = conn.getresponse()
    page = response.read().decode()
    cookie = COOKIE_RE.search(response.getheader("Set-Cookie") or "")
    fields = {"csrfmiddlewaretoken": TOKEN_RE.search(page)[1]}
    started = STARTED_RE.search(page)
    if started:
        fields["started"] = started[1]
    return cookie[1], fields


def timed_post(port: int, path: str, data: dict, client: str) -> float:
    """GET the form (untimed), then POST it; the POST's seconds. Expects a redirect."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    cookie, fields = form(conn, path, client)
    body = urllib.parse.urlencode({**fields, **data})
    started = time.perf_counter()
    conn.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "X-Forwarded-For": client,
        },
    )
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 302:
        raise SystemExit(f"POST {path} answered {response.status}, not a redirect")
    return elapsed


def client() -> str:
    """A new client address each time, so no rate limit counts across requests."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


ENQUIRY = {
    "name": "Bench Mark",
    "email": "bench-enquirer@example.org",
    "contact_preference": "email",
    "preferred_format": "no_preference",
    "message": "Benchmark enquiry, please ignore.",
    "consent": "on",
    "website": "",
}


def one_round(port: int, i: int, found: dict) -> None:
    found.setdefault("enquiry", []).append(timed_post(port, "/contact/", ENQUIRY, client()))
    # Alternate which goes first, so neither always meets a warmer server.
    pair = [("forgot, account", ACCOUNT_EMAIL), ("forgot, no account", "nobody@example.org")]
    for label, address in pair if i % 2 == 0 else pair[::-1]:
        seconds = timed_post(port, "/account/forgot/", {"email": address}, client())
        found.setdefault(label, []).append(seconds)


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:9.1f} {max(values) * 1000:9.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--healthy", type=int, default=20, help="rounds with a healthy server")
    parser.add_argument("--silent", type=int, default=3, help="rounds with a silent server")
    args = parser.parse_args()
    if not (1 <= args.healthy <= 200 and 1 <= args.silent <= 200):
        parser.error("keep it bounded: --healthy and --silent up to 200 each")

    workdir = Path(tempfile.mkdtemp(prefix="ipt-bench-mail-"))
    try:
        base = server_env(
            workdir,
            {
                "IPT_TRUSTED_PROXIES": "1",
                "IPT_ENQUIRY_RATE_LIMIT": "100000",
                "IPT_ENQUIRY_MIN_SECONDS": "0",
                "IPT_SITE_URL": "http://127.0.0.1",
                "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
                # Both workers share the queue; a task that met the silent server is
                # tried again soon, and lands on the healthy one sooner or later.
                "IPT_TASK_RETRY_DELAYS": "5,5,5,5,5",
            },
        )
        print(f"Preparing {workdir} (migrate, collectstatic, one therapist account)...")
        prepare(base, demo=False)
        run_started = manage(base, "shell", "-c", "from django.utils import timezone; "
                             "print(timezone.now().isoformat())").split()[-1]  # fmt: skip
        manage(base, "shell", "-c", MAKE_ACCOUNT)
        worker = has_worker(base)
        print(f"Task queue worker: {'yes (manage.py db_worker)' if worker else 'none'}")
        rounds = {"healthy": args.healthy, "silent": args.silent}
        results = {mode: {} for mode in rounds}
        with ExitStack() as stack:
            ports, sinks = {}, {}
            # Both sites run at once and take turns, so both meet the same machine load.
            for mode in rounds:
                mail_port = free_port(*port_range())
                env = {**base, "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}"}
                sinks[mode] = stack.enter_context(
                    MailServer(mail_port, "sink" if mode == "healthy" else "silent")
                )
                server = stack.enter_context(
                    Gunicorn(env, workers=2, log=workdir / f"gunicorn-{mode}.log")
                )
                if worker:
                    stack.enter_context(TaskWorker(env, log=workdir / f"worker-{mode}.log"))
                ports[mode] = server.port
                print(f"{mode}: mail server on {mail_port}, site on {server.port}, "
                      f"{rounds[mode]} rounds", flush=True)  # fmt: skip
            for i in range(max(rounds.values())):
                for mode in rounds:
                    if i < rounds[mode]:
                        one_round(ports[mode], i, results[mode])
            # practice + acknowledgement + one password link per round, from both sites
            expected = (args.healthy + (args.silent if worker else 0)) * 3
            deadline = time.monotonic() + 120
            while len(sinks["healthy"].messages) < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            delivered = (len(sinks["healthy"].messages), expected)

        print()
        print(f"{'request':34} {'median ms':>9} {'max ms':>9}")
        for mode in ("healthy", "silent"):
            for label, values in results[mode].items():
                print(f"{label + ' (' + mode + ' mail)':34} {ms(values)}")
        enquiry = {m: statistics.median(results[m]["enquiry"]) for m in results}
        print()
        ratio = enquiry["silent"] / enquiry["healthy"]
        print(f"enquiry: silent ÷ healthy mail server   {ratio:.2f}")
        for mode in ("healthy", "silent"):
            with_account = statistics.median(results[mode]["forgot, account"])
            without = statistics.median(results[mode]["forgot, no account"])
            print(f"forgot password ({mode} mail): account ÷ no account   "
                  f"{with_account / without:.2f}")  # fmt: skip
        print(f"emails received by the healthy sink   {delivered[0]} of {delivered[1]}")
        if "DATABASE_URL" in os.environ:
            manage(base, "shell", "-c", CLEAN_UP.replace("{started}", run_started))
        return 0
    finally:
        if not os.environ.get("KEEP_BENCH_DIR"):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
