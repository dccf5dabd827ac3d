"""gunicorn's access log (as `make serve` and the deployment guide run it) never holds a
search query: the project's gunicorn.conf.py logs the path without the query string, and
no Referer (which names the search a visitor came from)."""

import urllib.error
import urllib.request

import pytest

from scripts.serverkit import Gunicorn, server_env


def test_query_strings_and_referrers_never_reach_the_access_log(tmp_path):
    # /health/ needs no collected static files, so the server starts quickly; with no
    # tables it answers 503 (the database cannot be read), which is logged like any other
    # answer: the log format is the same for every path and status.
    env = server_env(tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"})
    log = tmp_path / "gunicorn.log"
    with Gunicorn(env, workers=1, log=log, args=["--access-logfile", "-"]) as server:
        request = urllib.request.Request(  # noqa: S310  our own test server
            f"{server.base}/health/?q=my+secret+worry",
            headers={"Referer": f"{server.base}/search/?q=another+secret"},
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request)  # noqa: S310
        assert answer.value.code == 503
    text = log.read_text()
    assert '"GET /health/ HTTP/1.1" 503' in text, text[-2000:]
    assert "secret" not in text and "?q=" not in text
