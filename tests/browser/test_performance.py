"""Page weight budgets, measured in chromium against gunicorn with production settings.

Django's live server sends files uncompressed, so these tests start the site the way it
runs in production (DEBUG off, collected, compressed static files) in a temporary folder.
"""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.serverkit import Gunicorn, prepare, server_env

pytestmark = pytest.mark.browser

# Measured with the page cache, compressed HTML and the Bootstrap subset (docs/quality.md):
# content pages 19.5-21.6 KB in 4 requests (page, two stylesheets, icon), 2026-12-03; then
# 5 with "Exit this page"'s script on every page (issue 23, about 1 KB). The edge's
# Cache-Control (s-maxage, stale-while-revalidate, stale-if-error: issue 27) adds about
# 70 header bytes; the grief page, which shows therapists, was 25,578 bytes before it.
CONTENT_BUDGET_BYTES = 25 * 1024 + 128
CONTENT_BUDGET_REQUESTS = 5
# Pages with a form are sent uncompressed on purpose (their CSRF token; BREACH): 33-35 KB
# measured; 36-40 KB since the urgent help lists a route for each of the four nations,
# graded (issue 23), shown twice on a form page (above the form and at the foot).
FORM_BUDGET_BYTES = 44 * 1024
# Every page type, with its own budget: app pages carry a little more (forms, photos).
PAGES = [
    ("home", "/", CONTENT_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS),
    ("content page", "/problem-areas/grief/", CONTENT_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS),
    ("section", "/what-to-expect/", CONTENT_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS),
    ("faq", "/faq/", CONTENT_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS),
    ("directory", "/therapists/", 45 * 1024, 12),
    # Fees and first steps, and the shortlist's script (2.8 KB).
    ("profile", "/therapists/marnie-ashcombe/", 37 * 1024, 7),
    ("self-check", "/self-check/mood/", FORM_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS),
    # One request more: the optional "help me write my first message" script (1.5 KB).
    ("contact form", "/contact/", FORM_BUDGET_BYTES, CONTENT_BUDGET_REQUESTS + 1),
    # Twelve rows of form fields, sent uncompressed like every page with a CSRF token.
    ("worksheet", "/self-check/my-relationships/", 64 * 1024, 6),
    ("guide", "/resources/talking-about-what-you-need/", 60 * 1024, 7),
]


@pytest.fixture(scope="module")
def production_site():
    with tempfile.TemporaryDirectory(prefix="ipt-perf-") as tmp:
        # Its own SQLite database: page weight does not depend on the database, and a
        # shared one (the PostgreSQL run's) may hold therapists whose photos are in
        # another run's media folder, which would weigh 404 pages instead.
        env = server_env(Path(tmp), {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'site.sqlite3'}"})
        prepare(env)
        with Gunicorn(env, workers=1) as server:
            yield server.base


@pytest.mark.parametrize(("name", "path", "budget", "max_requests"), PAGES)
def test_first_view_stays_within_budget(browser, production_site, name, path, budget, max_requests):
    context = browser.new_context()  # a first view: empty cache
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    response = page.goto(production_site + path, wait_until="networkidle")
    assert response.status == 200, f"{name}: {response.status}"  # never weigh an error page
    own_host = urlsplit(production_site).netloc
    hosts = {urlsplit(r.url).netloc for r in responses if not r.url.startswith("data:")}
    assert hosts == {own_host}, f"{name}: requests to other hosts: {hosts - {own_host}}"
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    print(f"\n{name:<14} {path:<24} {len(responses)} requests, {total / 1024:.1f} KB transferred")
    assert len(responses) <= max_requests, [r.url for r in responses]
    assert total <= budget, f"{name}: {total} bytes > {budget}"
    context.close()


def test_static_files_are_compressed_and_cached_for_a_year(browser, production_site):
    context = browser.new_context()
    page = context.new_page()
    seen = {}
    page.on("response", lambda r: seen.setdefault(r.url, r))
    page.goto(production_site + "/", wait_until="networkidle")
    css = [r for url, r in seen.items() if url.endswith(".css")]
    assert css, "no stylesheet loaded"
    for response in css:
        headers = response.all_headers()
        assert "immutable" in headers["cache-control"], response.url
        assert "max-age=315360000" in headers["cache-control"], response.url
        assert headers.get("content-encoding") in ("gzip", "br"), response.url
    context.close()


@pytest.mark.parametrize(
    ("path", "compressed"),
    [
        ("/problem-areas/grief/", True),
        ("/therapists/", True),
        ("/therapists/marnie-ashcombe/", True),
        ("/contact/", False),
        ("/self-check/mood/", False),
    ],
)
def test_html_is_compressed_only_without_a_form_token(browser, production_site, path, compressed):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(production_site + path)
    encoding = response.all_headers().get("content-encoding")
    if compressed:
        assert encoding in ("gzip", "br"), path
    else:
        assert encoding is None, path
        assert "csrfmiddlewaretoken" in page.content()
    context.close()
