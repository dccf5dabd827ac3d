"""Load check for the enquiry form: every submission stored exactly once, no 5xx.

Starts gunicorn (DEBUG off, production static storage, rate limit raised for the run) on
127.0.0.1 with a throwaway SQLite database under /tmp (or DATABASE_URL when set), then
20 concurrent clients each GET /contact/ (for the CSRF cookie, token and timestamp) and
POST an enquiry carrying a unique marker, 2,000 in all. A task worker (`manage.py
db_worker`) runs beside gunicorn and sends the queued notifications (to a dummy mail
backend). Afterwards it reads the stored rows back and checks each marker is there exactly
once, and waits for the queue to send every enquiry's emails. Not a timed test: run it by
hand.

    .venv/bin/python scripts/load_enquiries.py                 # 2,000 with 20 clients
    .venv/bin/python scripts/load_enquiries.py --total 200 --clients 5

Exit status 0 when every submission was stored exactly once with no 5xx, 1 otherwise.
"""

import argparse
import collections
import http.client
import json
import os
import re
import secrets
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.serverkit import Gunicorn, TaskWorker, manage, server_env  # noqa: E402

HOST = "127.0.0.1"
TIMEOUT = 30  # seconds for one HTTP request

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_RE = re.compile(r'name="started" value="([^"]+)"')
COOKIE_RE = re.compile(r"csrftoken=([^;]+)")


def load_env(workdir: Path) -> dict:
    return server_env(
        workdir,
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            # Notifications run their normal code path but go nowhere.
            "EMAIL_URL": "dummymail://",
            "IPT_ENQUIRY_RATE_LIMIT": "100000",
            "IPT_ENQUIRY_MIN_SECONDS": "0",
            # SQLite with concurrent writers: wait for the lock instead of failing at once.
            "DATABASE_URL": os.environ.get(
                "DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite3'}?timeout=30"
            ),
        },
    )


def sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite:"):
        return None
    return Path(urllib.parse.urlsplit(database_url).path)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.get_status = collections.Counter()
        self.post_status = collections.Counter()
        self.errors = collections.Counter()

    def add(self, counter_name: str, key) -> None:
        with self.lock:
            getattr(self, counter_name)[key] += 1


def submit(port: int, marker: str, results: Results) -> None:
    """One person: load the form, then send it. Loopback only."""
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        conn.request("GET", "/contact/")
        response = conn.getresponse()
        page = response.read().decode()
        results.add("get_status", response.status)
        cookie = COOKIE_RE.search(response.getheader("Set-Cookie") or "")
        token, started = TOKEN_RE.search(page), STARTED_RE.search(page)
        if response.status != 200 or not (cookie and token and started):
            results.add("errors", "form page without token")
            return
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token[1],
                "started": started[1],
                "name": "Load Test",
                "email": "load@example.org",
                "phone": "",
                "contact_preference": "email",
                "therapist": "",
                "preferred_format": "no_preference",
                "message": f"Load-test enquiry, please ignore. Marker: {marker}.",
                "consent": "on",
                "website": "",
            }
        )
        conn.request(
            "POST",
            "/contact/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie[1]}",
            },
        )
        response = conn.getresponse()
        response.read()
        results.add("post_status", response.status)
        if response.status == 302 and response.getheader("Location") != "/contact/thanks/":
            results.add("errors", "redirect elsewhere")
        conn.close()
    except (OSError, http.client.HTTPException) as exc:
        results.add("errors", type(exc).__name__)


READ_BACK = """
import json
from collections import Counter
from ipt_site.contact.models import Enquiry
rows = Enquiry.objects.filter(message__contains=%r)
print(json.dumps({
    "messages": list(rows.values_list("message", flat=True)),
    "notification": Counter(rows.values_list("notification_status", flat=True)),
}))
"""


PENDING = """
from ipt_site.contact.models import Enquiry
print(Enquiry.objects.filter(message__contains=%r).pending_notification().count())
"""


def wait_for_emails(env: dict, run_id: str, total: int, limit: float = 300) -> float:
    """Seconds until no enquiry of this run waits for its emails (at most `limit`)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if int(manage(env, "shell", "-c", PENDING % f"load-{run_id}-").split()[-1]) == 0:
            break
        time.sleep(1)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=2000, help="submissions in all")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    if not (0 < args.total <= 20000 and 0 < args.clients <= 100):
        parser.error("keep it bounded: --total up to 20000, --clients up to 100")

    workdir = Path(tempfile.mkdtemp(prefix="ipt-load-enquiries-"))
    env = load_env(workdir)
    run_id = secrets.token_hex(4)
    keep = bool(os.environ.get("KEEP_LOAD_DIR"))
    try:
        print(f"Preparing {workdir} (migrate, collectstatic)...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        db_file = sqlite_path(env["DATABASE_URL"])
        if db_file is not None:
            # WAL lets readers carry on while one writer commits; it stays set on the file.
            with sqlite3.connect(db_file) as db:
                db.execute("PRAGMA journal_mode=WAL")
        results = Results()
        markers = [f"load-{run_id}-{i:06d}" for i in range(args.total)]
        log = workdir / "gunicorn.log"
        with (
            Gunicorn(env, args.workers, threads=args.threads, log=log) as server,
            TaskWorker(env, log=workdir / "worker.log"),
        ):
            print(
                f"gunicorn on {HOST}:{server.port}, {args.workers} workers x {args.threads} "
                f"threads; {args.total} submissions from {args.clients} clients...",
                flush=True,
            )
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [pool.submit(submit, server.port, marker, results) for marker in markers]
            for future in futures:
                future.result()  # a bug in the client should show, not vanish
            elapsed = time.perf_counter() - started
            # The worker sends the emails after the requests: wait for the queue to drain.
            drained = wait_for_emails(env, run_id, args.total)

        output = manage(env, "shell", "-c", READ_BACK % f"load-{run_id}-")
        stored = json.loads(next(ln for ln in output.splitlines()[::-1] if ln.startswith("{")))
        found = collections.Counter(
            m for message in stored["messages"] for m in re.findall(rf"load-{run_id}-\d+", message)
        )
        duplicates = sum(count - 1 for count in found.values() if count > 1)
        missing = sum(1 for marker in markers if marker not in found)
        five_xx = sum(
            n for status, n in (results.get_status + results.post_status).items() if status >= 500
        )

        print()
        print(f"submissions attempted   {args.total}")
        print(f"concurrent clients      {args.clients}")
        print(f"GET  /contact/ status   {dict(sorted(results.get_status.items()))}")
        print(f"POST /contact/ status   {dict(sorted(results.post_status.items()))}")
        print(f"client-side errors      {dict(results.errors) or 0}")
        print(f"5xx responses           {five_xx}")
        print(f"rows stored             {len(stored['messages'])}")
        print(f"distinct markers stored {len(found)}")
        print(f"duplicates              {duplicates}")
        print(f"missing                 {missing}")
        print(f"notification status     {stored['notification']}")
        print(f"queue drained after     {drained:.1f} s more")
        print(f"elapsed                 {elapsed:.1f} s")
        print(f"submissions per second  {args.total / elapsed:.1f} (each is a GET and a POST)")
        ok = (
            five_xx == 0
            and not results.errors
            and duplicates == 0
            and missing == 0
            and len(stored["messages"]) == args.total
            and results.post_status.get(302, 0) == args.total
            and stored["notification"].get("sent") == args.total
        )
        print("RESULT                  " + ("OK" if ok else "FAILED"))
        if not ok:
            keep = True
            print(f"gunicorn log: {workdir / 'gunicorn.log'}")
        return 0 if ok else 1
    except BaseException:
        keep = True
        print(f"Kept {workdir} for a look (gunicorn.log).", file=sys.stderr)
        raise
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
