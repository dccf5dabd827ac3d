"""Checks that the second CI run really uses PostgreSQL and Redis (IPT_REQUIRE_REAL_SERVERS=1).

Locally, without those servers, these skip; in CI's second run they must pass.
"""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

REQUIRED = os.environ.get("IPT_REQUIRE_REAL_SERVERS") == "1"


def test_database_is_postgresql_when_required():
    if not REQUIRED:
        pytest.skip("set IPT_REQUIRE_REAL_SERVERS=1 with DATABASE_URL=postgres://... to run")
    assert connection.vendor == "postgresql"


def test_cache_is_redis_and_shared_between_connections():
    if not REQUIRED:
        pytest.skip("set IPT_REQUIRE_REAL_SERVERS=1 with CACHE_URL=redis://... to run")
    assert isinstance(caches["default"], RedisCache)
    # Two separate connections stand for two app processes: a counter one increments is
    # seen by the other, which is what makes the enquiry rate limit work across servers.
    first = caches.create_connection("default")
    second = caches.create_connection("default")
    first.delete("shared-counter")
    first.add("shared-counter", 0, 60)
    first.incr("shared-counter")
    second.incr("shared-counter")
    assert first.get("shared-counter") == 2
    first.delete("shared-counter")


@pytest.mark.django_db
def test_health_reports_both_servers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "content": "ok", "cache": "ok"}
