"""Issue 27 on production's set-up: gunicorn processes, the test's PostgreSQL database and a
redis-server of the test's own.

- two app servers installed at different paths (two copies of the release) share the
  cached pages: the second server's first request for a page the first stored is a hit;
- Redis with a small `maxmemory` and `volatile-lru`: every page keeps answering and being
  cached while Redis evicts, nothing errors, and every key in Redis can be evicted (all
  have a lifetime: sessions, the rate limits and the admin lockout live in the database);
- a graceful reload (`kill -HUP`) under a steady stream of enquiries loses none of them.

Runs in the real-server pass (IPT_REQUIRE_REAL_SERVERS=1 with PostgreSQL), like
test_two_servers.py. Ports from IPT_BENCH_PORTS when set, else any free one.
"""

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.db import connection

from ipt_site.contact.models import Enquiry
from scripts.faultkit import RedisServer
from scripts.load_enquiries import Results, submit
from scripts.serverkit import ROOT, Gunicorn, free_port, install, manage, port_range, server_env
from tests.seeded import put_back_seeded_rows

REQUIRED = os.environ.get("IPT_REQUIRE_REAL_SERVERS") == "1"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not REQUIRED or connection.vendor != "postgresql" or not shutil.which("redis-server"),
        reason="set IPT_REQUIRE_REAL_SERVERS=1 with DATABASE_URL=postgres://... to run",
    ),
]


def database_url() -> str:
    """The test database, which the servers share with this test."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def fetch(base: str, path: str, encoding: str = "br, gzip") -> tuple[int, str]:
    # One name for the site, as behind a load balancer (the servers' ports differ).
    headers = {"Accept-Encoding": encoding, "Host": "localhost"}
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status, response.headers.get("X-Page-Cache", "")


def sitemap_paths(base: str) -> list[str]:
    with urllib.request.urlopen(base + "/sitemap.xml", timeout=30) as response:
        text = response.read().decode()
    return [urllib.parse.urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", text)]


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of this test's own, as production should run it: a small memory
    limit (1.5 MB here, about 0.6 MB of it for pages, a few hundred MB in life) and volatile-lru."""
    server = RedisServer(
        free_port(*port_range()),
        tmp_path,
        options=("--maxmemory", "1500kb", "--maxmemory-policy", "volatile-lru"),
    ).start()
    yield server
    server.stop()


def site_env(release: Path, redis_port: int, extra: dict | None = None) -> dict:
    return server_env(
        release / "var",
        {
            "DATABASE_URL": database_url(),
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "IPT_CONTENT_DIR": str(release / "content"),
            **(extra or {}),
        },
    )


def test_two_servers_installed_at_different_paths_share_the_cached_pages(tmp_path, redis_server):
    put_back_seeded_rows()  # an earlier transactional test's flush may have taken them
    releases = [install(ROOT, tmp_path / "blue"), install(ROOT, tmp_path / "green")]
    envs = [site_env(release, redis_server.port) for release in releases]
    for env, release in zip(envs, releases, strict=True):
        manage(env, "sync_content", root=release)
        manage(env, "collectstatic", "--noinput", root=release)
    manage(envs[0], "load_demo_therapists", "--if-empty", root=releases[0])
    logs = [tmp_path / "blue.log", tmp_path / "green.log"]
    with (
        Gunicorn(envs[0], workers=2, root=releases[0], log=logs[0]) as blue,
        Gunicorn(envs[1], workers=2, root=releases[1], log=logs[1]) as green,
    ):
        paths = ["/", "/faq/", "/problem-areas/grief/", "/therapists/"]
        for path in paths:
            assert fetch(blue.base, path) == (200, "miss"), path
        for path in paths:  # green's first request for each: stored by blue
            assert fetch(green.base, path) == (200, "hit"), path
        assert fetch(green.base, "/faq/", encoding="") == (200, "hit")

        # Redis has about 0.6 MB for pages here: every page of the site (about 1.5 MB with
        # its three encodings) is far more. Pages keep answering and being stored.
        client = redis.Redis(port=redis_server.port)
        everything = sitemap_paths(blue.base)
        assert len(everything) > 30
        for _ in range(2):
            for path in everything:
                for server in (blue, green):
                    assert fetch(server.base, path)[0] == 200, path
        assert client.info()["evicted_keys"] > 0  # memory was short, and Redis made room
        # Every key has a lifetime, so volatile-lru may remove any of them: nothing but
        # cached pages, built PDFs and the health check's probe lives in Redis.
        keys = list(client.scan_iter(count=1000))
        assert keys
        forever = [key for key in keys if client.ttl(key) == -1]  # -2: gone meanwhile
        assert forever == []
        # A page not seen before is still stored, and shared.
        assert fetch(blue.base, "/therapists/?format=online") == (200, "miss")
        assert fetch(green.base, "/therapists/?format=online") == (200, "hit")
    for log in logs:
        text = log.read_text()
        assert "Cache server unavailable" not in text, text[-2000:]
        assert "Traceback" not in text, text[-2000:]


def test_a_graceful_reload_under_a_stream_of_enquiries_loses_none(tmp_path, redis_server):
    env = site_env(
        ROOT,
        redis_server.port,
        {
            "EMAIL_URL": "dummymail://",
            "IPT_ENQUIRY_RATE_LIMIT": "100000",
            "IPT_ENQUIRY_MIN_SECONDS": "0",
            "IPT_CONTENT_DIR": str(ROOT / "content"),
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        },
    )
    manage(env, "sync_content")
    manage(env, "collectstatic", "--noinput")
    results = Results()
    stop = threading.Event()
    sent = []

    with Gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as server:

        def client(number: int) -> None:
            count = 0
            while not stop.is_set():
                marker = f"reload-{number}-{count}"
                submit(server.port, marker, results)
                sent.append(marker)
                count += 1

        def workers() -> set[int]:
            found = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(server.proc.pid)],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            return {int(pid) for pid in found}

        before = workers()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        for _ in range(2):
            server.proc.send_signal(signal.SIGHUP)
            time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()
        # The last reload's old workers may still be finishing their requests.
        deadline = time.monotonic() + 35
        while len(after := workers()) > 2 and time.monotonic() < deadline:
            time.sleep(0.2)

    assert len(after) == 2 and not before & after  # every worker was replaced
    assert results.errors == {}, results.errors
    assert set(results.post_status) == {302}, results.post_status
    assert sum(results.post_status.values()) == len(sent) > 20
    stored = Enquiry.objects.filter(message__contains="Marker: reload-").count()
    assert stored == len(sent)
