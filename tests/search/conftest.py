import pytest
from django.db import connection

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search only"
)


@pytest.fixture
def search(client):
    """GET /search/?q=...; returns the response."""

    def get(q, **params):
        return client.get("/search/", {"q": q, **params})

    return get


def result_urls(response) -> list[str]:
    import re

    return re.findall(r'<h2 class="search-result-title"><a href="([^"]+)">', response.text)


@pytest.fixture
def no_synonyms(db):
    """Without the starting synonym list, for tests about what one word finds by itself."""
    from ipt_site.search.models import Synonym

    Synonym.objects.all().delete()
