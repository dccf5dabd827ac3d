import pytest


@pytest.fixture
def article(content):
    """Write an article into the temporary content folder; returns its path."""

    def write(slug, title="An article", date="2026-05-01", tags=("grief",), body=None, **fields):
        extra = {"date": date, "template": "article", **fields}
        if tags is not None:
            extra["tags"] = list(tags)
        text = body or f"Some words about {title.lower()}. " * 5
        return content.page(f"articles/{slug}.md", title=title, body=text, **extra)

    return write
