"""/health/ on a real gunicorn whose database cannot be reached: 503, so the load balancer
takes the server out, whatever address it checks by. Runs in every pass (it needs no
database: the point is that there is none)."""

import json
import urllib.error
import urllib.request

from scripts.serverkit import Gunicorn, free_port, port_range, server_env


def health(base: str, host: str) -> tuple[int, dict]:
    request = urllib.request.Request(base + "/health/", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_is_503_by_any_address_when_the_database_is_unreachable(tmp_path):
    closed = free_port(*port_range())  # nothing listens there
    env = server_env(
        tmp_path,
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/nowhere",
            "CACHE_URL": "locmemcache://",
            "DJANGO_ALLOWED_HOSTS": "ipt.example.org",
            "DJANGO_SECURE_SSL_REDIRECT": "true",
        },
    )
    with Gunicorn(env, workers=1, log=tmp_path / "gunicorn.log") as server:
        # The load balancer's check, by the server's own address over plain http.
        assert health(server.base, f"127.0.0.1:{server.port}") == (
            503,
            {"status": "unavailable", "database": "unavailable", "content": "ok", "cache": "ok"},
        )
        assert health(server.base, "10.0.0.7")[0] == 503
