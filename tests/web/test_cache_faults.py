"""Issue 21: a Redis that is stopped or hung never fails a page and never holds one up.

The cache here is the site's real Redis cache (ipt_site/web/cache.py, as settings make it
from CACHE_URL=redis://...) pointed at a port where nothing listens (stopped), or at a
TCP server that accepts and never answers (hung). Runs on every database and cache: no
Redis is needed to stand for one that is down. The same faults under gunicorn with a real
redis-server are in test_redis_outage.py (the real-server pass).
"""

import time

import pytest
from django.core.cache import cache

from ipt_site.therapists.models import Therapist
from ipt_site.web import cache as resilient
from scripts.faultkit import PUBLIC_PAGES as PAGES
from scripts.faultkit import HungServer
from scripts.serverkit import free_port

pytestmark = pytest.mark.django_db


def redis_at(settings, port: int, **options):
    """The cache settings make from CACHE_URL=redis://127.0.0.1:<port>/0."""
    settings.CACHES = {
        "default": {
            "BACKEND": "ipt_site.web.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "socket_connect_timeout": settings.CACHE_TIMEOUT,
                "socket_timeout": settings.CACHE_TIMEOUT,
                **options,
            },
        }
    }


@pytest.fixture(autouse=True)
def _closed_breaker():
    resilient._skip_until.clear()
    yield
    resilient._skip_until.clear()


@pytest.fixture
def stopped_redis(settings):
    redis_at(settings, free_port())  # free: nothing listens there


@pytest.fixture
def hung_redis(settings):
    server = HungServer()
    redis_at(settings, server.port)
    yield server
    server.stop()


def public_pages(demo_directory):
    therapist = Therapist.objects.filter(published=True).first()
    return [*PAGES, therapist.get_absolute_url()]


def test_every_public_page_answers_with_redis_stopped(client, demo_directory, stopped_redis):
    for url in public_pages(demo_directory):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss", url


def test_every_public_page_waits_one_short_timeout_at_most_with_redis_hung(
    client, demo_directory, hung_redis, settings
):
    def timed(url):
        started = time.perf_counter()
        response = client.get(url)
        return response, time.perf_counter() - started

    for url in public_pages(demo_directory):
        settings.PAGE_CACHE_ENABLED = False
        _, rendering = timed(url)  # the page without any cache call, on this machine now
        settings.PAGE_CACHE_ENABLED = True
        resilient._skip_until.clear()  # each page meets a Redis this process still trusts
        response, seconds = timed(url)
        assert response.status_code == 200, url
        # One timeout (0.5 s) for the stored-page lookup, none for the store: the breaker
        # opened at the first failure. Before, each page waited for every cache call
        # (3 s each here, as long as Redis hung in life).
        # The margin over 0.5 s is for a loaded machine (rendering is timed once, and the
        # PDF's time moves most); a wait per cache call would be 3 s or more.
        waited = seconds - rendering
        assert waited < 1.5, f"{url} waited {waited:.2f} s for the cache"
    # Each cacheable page (home, content, directory twice, articles, PDF, profile) tried
    # Redis; the form and the self-check never use the cache.
    assert hung_redis.connections >= 7


def test_after_a_failure_the_cache_is_left_alone_then_tried_again(
    client, demo_directory, hung_redis, settings
):
    settings.CACHE_RETRY_SECONDS = 3
    # The breaker alone: no per-process copy of the page in front of Redis (with one, the
    # page rendered during the outage is served from memory and Redis is not asked).
    settings.PAGE_CACHE_LOCAL_MB = 0
    started = time.perf_counter()
    for _ in range(5):
        assert client.get("/problem-areas/grief/").status_code == 200
    assert hung_redis.connections == 1  # the first lookup waited; the others skipped Redis
    assert time.perf_counter() - started < 3
    time.sleep(3.1)
    assert client.get("/problem-areas/grief/").status_code == 200
    assert hung_redis.connections == 2  # one try after the interval


def test_a_read_is_a_miss_and_a_write_is_skipped(stopped_redis):
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.set("a", 1) is None
    assert cache.get_or_set("a", lambda: "built") == "built"
    assert cache.has_key("a") is False


def test_health_says_degraded_but_keeps_the_server_in_the_load_balancer(client, stopped_redis):
    """A load balancer that took every server out when Redis stopped would turn a slower
    site into no site: pages render without the cache."""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "content": "ok",
        "cache": "unavailable",
    }
