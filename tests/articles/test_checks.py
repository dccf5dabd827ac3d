"""`manage.py check` explains article mistakes: missing date, wrong place, unknown author."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ipt_site.articles.checks import check_article_authors, check_articles
from tests.therapists.conftest import create_therapist


def ids(messages):
    return sorted(m.id for m in messages)


def test_a_good_article_raises_nothing(article):
    article("fine", title="Fine")
    assert check_articles() == []


def test_an_article_without_a_date_is_an_error(content):
    content.page("articles/undated.md", title="Undated", template="article")
    [message] = check_articles()
    assert message.id == "articles.E001"
    assert "content/articles/undated.md" in message.msg and "YYYY-MM-DD" in message.msg


def test_an_article_without_the_article_template_is_warned(content):
    content.page("articles/plain.md", title="Plain", date="2026-01-01")
    assert ids(check_articles()) == ["articles.W002"]


def test_an_article_in_a_sub_folder_is_warned(content):
    content.page("articles/2026/deep.md", title="Deep", date="2026-01-01", template="article")
    assert ids(check_articles()) == ["articles.W001"]


def test_the_feed_name_cannot_be_an_article(article):
    article("feed", title="Feed")
    assert ids(check_articles()) == ["articles.E002"]


def test_the_section_page_is_not_an_article(content):
    content.page("articles/_index.md", title="Articles")
    assert check_articles() == []


@pytest.mark.django_db
def test_unknown_author_is_warned_when_the_database_is_checked(article):
    create_therapist(slug="amira-hassan")
    article("known", title="Known", author="amira-hassan")
    article("unknown", title="Unknown", author="nobody-here")
    [message] = check_article_authors(databases=["default"])
    assert message.id == "articles.W003"
    assert "content/articles/unknown.md" in message.msg and "'nobody-here'" in message.msg
    assert check_article_authors(databases=None) == []


@pytest.mark.django_db
def test_manage_py_check_reports_article_errors(content):
    content.page("articles/undated.md", title="Undated", template="article")
    with pytest.raises(SystemCheckError, match="articles.E001"):
        # Content findings have their own tag, out of the deploy gate (pages/checkregistry.py).
        call_command("check", "--tag", "content", "--database", "default", "--fail-level", "ERROR")
