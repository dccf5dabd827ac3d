"""deploy/nginx.conf, run as it is (addresses, ports and folders replaced) in front of
gunicorn and a real task worker on PostgreSQL: content pages are served from the edge
cache, a page with a form token is never stored there, signed-in people bypass it, and a
content publish purges the page through the cache-purge module, so the next request
shows the edit (long before the page's hour at the edge is over).

Runs with IPT_REQUIRE_REAL_SERVERS=1 and DATABASE_URL=postgres://... (CI's second run);
needs Debian's nginx and libnginx-mod-http-cache-purge (.ci/run installs them).
"""

import os
import re
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from ipt_site.pagecache.edge import seconds_until_midnight

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import edgekit  # noqa: E402
import serverkit  # noqa: E402

DATABASE = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.skipif(
        os.environ.get("IPT_REQUIRE_REAL_SERVERS") != "1" or not DATABASE.startswith("postgres"),
        reason="set IPT_REQUIRE_REAL_SERVERS=1 with DATABASE_URL=postgres://... to run",
    ),
    pytest.mark.django_db(transaction=True),
]

PAGE = "/faq/"


FILE = "faq.md"
# The test's own certificate.
TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE


def get(url, cookie: str = "", encoding: str = "gzip"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30, context=TLS) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def text(body: bytes, headers) -> str:
    import gzip

    return (gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body).decode()


@pytest.fixture
def edge(tmp_path, transactional_db):
    # The test's own database (emptied afterwards): the site's content rows here never
    # reach a database that other checkouts sync their content folders with.
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    env = serverkit.server_env(
        tmp_path,
        {
            "DATABASE_URL": url,
            "IPT_CONTENT_DIR": str(content),
            "DJANGO_BEHIND_PROXY": "true",
            "IPT_TRUSTED_PROXIES": "1",
            "IPT_EDGE_CACHE_SECONDS": "3600",
            "IPT_EDGE_PURGE": "nginx",
        },
    )
    app = serverkit.Gunicorn(env, workers=1, log=tmp_path / "gunicorn.log")
    site = edgekit.render(tmp_path / "nginx", app_ports=[app.port], static_root=tmp_path / "static")
    env["IPT_EDGE_PURGE_URL"] = site["purge"]
    # As serverkit.prepare, but the test database may have lost the data migrations' help
    # lines to an earlier test's flush, which the checks migrate runs would refuse.
    serverkit.manage(env, "migrate", "--noinput", "--skip-checks")
    serverkit.manage(env, "sync_content")
    serverkit.manage(env, "collectstatic", "--noinput")
    with (
        app,
        edgekit.Nginx(site) as nginx,
        serverkit.TaskWorker(env, log=tmp_path / "worker.log"),
    ):
        yield env, site, nginx, content


def test_pages_come_from_the_edge_forms_never_and_a_publish_purges(edge):
    env, site, nginx, content = edge
    base = site["base"]

    # A content page: stored once, then served by nginx without the app.
    status, headers, body = get(base + PAGE)
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    status, headers, body = get(base + PAGE)
    assert status == 200 and headers["X-Cache-Status"] == "HIT"
    # The configured hour, or less in the last hour before midnight, when a page that
    # compares dates with today leaves the edge (worked out when the page was rendered,
    # a little before now).
    lifetime = int(re.search(r"s-maxage=(\d+)", headers["Cache-Control"])[1])
    assert lifetime == 3600 or 0 < lifetime <= seconds_until_midnight() + 60
    before = text(body, headers)
    assert f"gzip:{PAGE}?" in nginx.cached_keys()
    # Other encodings are their own copies.
    assert get(base + PAGE, encoding="identity")[1]["X-Cache-Status"] == "MISS"
    assert get(base + PAGE, encoding="br, gzip")[1]["X-Cache-Status"] == "MISS"
    assert get(base + PAGE, encoding="gzip, deflate, br")[1]["X-Cache-Status"] == "HIT"

    # A page with a form token: private, no-store, never stored by the edge.
    for _ in range(3):
        status, headers, body = get(base + "/contact/")
        assert status == 200 and "csrfmiddlewaretoken" in text(body, headers)
        assert headers["X-Cache-Status"] != "HIT"
        assert headers["Cache-Control"] == "private, no-store"
    assert not any("/contact/" in key for key in nginx.cached_keys())

    # Someone signed in (a session cookie) is never answered from the edge.
    status, headers, _ = get(base + PAGE, cookie="sessionid=abc123")
    assert headers["X-Cache-Status"] == "BYPASS"
    assert "private" in headers["Cache-Control"]

    # The purge location answers the app servers' address only... and only there.
    assert get(base + "/__purge/gzip" + PAGE)[0] == 404  # the public side: a page
    assert f"gzip:{PAGE}?" in nginx.cached_keys()

    # A publish: the file changes and the content is synced, as at a deploy.
    page = content / FILE
    page.write_text(page.read_text().replace("\n\n", "\n\nEdge purge test marker.\n\n", 1))
    serverkit.manage(env, "sync_content")
    serverkit.wait_for(lambda: f"gzip:{PAGE}?" not in nginx.cached_keys(), 30, "the purge to land")
    status, headers, body = get(base + PAGE)
    assert headers["X-Cache-Status"] == "MISS"
    after = text(body, headers)
    assert "Edge purge test marker." in after and "Edge purge test marker." not in before
    # The new copy is the one kept: nginx's open-file cache must not hand out the old file,
    # whichever worker (each has its own open files) answers.
    for _ in range(6):
        status, headers, body = get(base + PAGE)
        assert headers["X-Cache-Status"] == "HIT"
        assert "Edge purge test marker." in text(body, headers)
    # Exactly the page (three encodings) and search, from the worker; the page's copies
    # were there (200), search had none (404).
    lines = (site["logs"] / "purge.log").read_text().splitlines()
    purges = sorted((line.split('"')[1], int(line.split('"')[2].split()[0])) for line in lines)
    assert purges == sorted(
        (f"PURGE /__purge/{encoding}{path} HTTP/1.1", status)
        for encoding in ("br", "gzip", "id")
        for path, status in ((PAGE, 200), ("/search/", 404))
    ), purges


def test_the_access_log_keeps_no_search_words_or_filters(edge):
    """What someone searched for or filtered by is health information: nginx logs the path
    without its query string, as gunicorn does (gunicorn.conf.py)."""
    env, site, nginx, content = edge
    base = site["base"]
    assert get(base + "/search/?q=panic+attacks")[0] == 200
    assert get(base + "/therapists/?area=grief&format=online")[0] == 200
    log = site["logs"] / "access.log"
    # Buffered, written every 5 s.
    serverkit.wait_for(lambda: log.exists() and "/therapists/" in log.read_text(), 15, "the log")
    written = log.read_text()
    assert '"GET /search/ HTTP/1.1"' in written and '"GET /therapists/ HTTP/1.1"' in written
    for words in ("panic", "attacks", "grief", "area=", "format=", "q="):
        assert words not in written, words


def test_the_config_passes_nginx_t(tmp_path):
    site = edgekit.render(tmp_path, app_ports=[9], static_root=tmp_path)
    result = subprocess.run(
        [edgekit.NGINX, "-t", "-c", str(site["config"])], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
