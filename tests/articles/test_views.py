"""/articles/, /articles/<slug>/ and the Atom feed, over a temporary content folder."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from ipt_site.articles import selectors
from tests.therapists.conftest import create_therapist

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(content: bytes):
    return ET.fromstring(content)  # noqa: S314  our own feed, made by Django in this test


def titles(response):
    return re.findall(r'class="article-card-title"><a href="[^"]+">([^<]+)</a>', response.text)


# The list ------------------------------------------------------------------------------


def test_list_shows_newest_first_and_hides_drafts(client, article):
    article("older", title="Older post", date="2026-01-05")
    article("newer", title="Newer post", date="2026-03-01")
    article("middle", title="Middle post", date="2026-02-01")
    article("secret", title="Secret post", date="2026-04-01", draft="true")
    response = client.get("/articles/")
    assert response.status_code == 200
    assert titles(response) == ["Newer post", "Middle post", "Older post"]
    assert "Secret post" not in response.text


def test_same_day_articles_go_by_title_and_undated_ones_last(client, article, content):
    article("b", title="Bravo", date="2026-02-01")
    article("a", title="Alpha", date="2026-02-01")
    content.page("articles/undated.md", title="Undated", template="article")
    article("old", title="Old", date="2025-01-01")
    assert titles(client.get("/articles/")) == ["Alpha", "Bravo", "Old", "Undated"]


def test_list_is_paginated(client, article):
    for day in range(1, 13):
        article(f"post-{day}", title=f"Post {day:02}", date=f"2026-01-{day:02}")
    first = client.get("/articles/")
    assert titles(first) == [f"Post {day:02}" for day in range(12, 2, -1)]
    second = client.get("/articles/?page=2")
    assert titles(second) == ["Post 02", "Post 01"]
    assert 'href="?page=1"' in second.text and 'rel="prev"' in second.text
    assert '<link rel="canonical" href="http://testserver/articles/?page=2">' in second.text


def test_filter_by_tag(client, article):
    article("on-grief", title="On grief", tags=["grief"])
    article("on-pills", title="On pills", tags=["medication"])
    response = client.get("/articles/?tag=medication")
    assert titles(response) == ["On pills"]
    assert "<h1>Articles about medication</h1>" in response.text
    assert '<link rel="canonical" href="http://testserver/articles/?tag=medication">' in (
        response.text
    )
    # Only topics that have articles are offered, each with its count.
    assert "Grief and loss <span" in response.text
    assert "Parents and families" not in response.text


def test_known_tag_without_articles_says_so_kindly(client, article):
    article("on-grief", title="On grief", tags=["grief"])
    response = client.get("/articles/?tag=parents")
    assert response.status_code == 200
    assert "There are no articles about parents and families yet." in response.text


@pytest.mark.parametrize(
    "query",
    [
        "tag=nonsense",
        "tag=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "tag=" + "x" * 5000,
        "tag=grief%00",
        "tag[]=grief",
        "page=abc",
        "page=-1",
        "page=0",
        "page=99999999999999999999999",
        "page=1e3",
        "page=%F0%9F%98%80",
        "tag=grief&tag=../../etc&page=2",
    ],
)
def test_tampered_list_input_gets_a_calm_page_never_an_error(client, article, query):
    article("on-grief", title="On grief", tags=["grief"])
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    assert "On grief" in response.text
    assert "<script>alert" not in response.text


def test_unknown_tag_and_page_are_explained(client, article):
    article("on-grief", title="On grief")
    text = client.get("/articles/?tag=nonsense&page=7").text
    assert "We did not recognise that topic, so here are all our articles." in text
    assert "That page of articles does not exist, so here is page 1." in text


def test_list_links_the_feed_and_uses_the_section_intro(client, article, content):
    content.page("articles/_index.md", title="Our articles", body="Read on, friend.")
    article("one", title="One")
    text = client.get("/articles/").text
    assert "<h1>Our articles</h1>" in text and "Read on, friend." in text
    assert '<link rel="alternate" type="application/atom+xml"' in text
    assert 'href="/articles/feed/"' in text


def test_list_is_public_and_cacheable(client, article):
    article("one", title="One")
    response = client.get("/articles/")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]


# An article ----------------------------------------------------------------------------


def test_article_page_shows_date_author_reading_time_and_related(client, article, content):
    content.page("problem-areas/grief.md", title="Grief and loss")
    words = " ".join(["word"] * 650)
    article("stuck", title="Stuck grief", date="2026-11-24", tags=["grief"], body=words)
    article("other", title="Another grief post", date="2026-10-01", tags=["grief", "parents"])
    article("unrelated", title="Pills", date="2026-10-02", tags=["medication"])
    response = client.get("/articles/stuck/")
    assert response.status_code == 200
    text = response.text
    assert len(re.findall(r"<h1[\s>]", text)) == 1
    assert '<time datetime="2026-11-24">24 November 2026</time>' in text
    assert "By The IPT Practice" in text
    assert "4 minutes to read" in text  # 650 words at 200 a minute, rounded up
    related = text.split('id="related-heading"')[1]
    assert 'href="/problem-areas/grief/">Grief and loss</a>' in related
    assert "Another grief post" in related and "Pills" not in related
    assert '<link rel="canonical" href="http://testserver/articles/stuck/">' in text
    assert 'id="urgent-help"' in text


def test_author_links_to_a_published_therapist_else_the_practice(client, article):
    create_therapist(name="Amira Hassan", slug="amira-hassan", title="Psychologist")
    create_therapist(name="Hidden Person", slug="hidden-person", published=False)
    article("by-amira", title="By Amira", author="amira-hassan")
    article("by-hidden", title="By hidden", author="hidden-person")
    assert 'By <a href="/therapists/amira-hassan/">Amira Hassan</a>' in (
        client.get("/articles/by-amira/").text
    )
    text = client.get("/articles/by-hidden/").text
    assert "By The IPT Practice" in text and "Hidden Person" not in text


def test_article_has_blogposting_json_ld(client, article):
    create_therapist(name="Amira Hassan", slug="amira-hassan", title="Psychologist")
    article(
        "stuck",
        title="Stuck grief",
        date="2026-11-24",
        reviewed="2026-12-01",
        tags=["grief"],
        author="amira-hassan",
    )
    text = client.get("/articles/stuck/").text
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    ]
    posting = next(block for block in blocks if block["@type"] == "BlogPosting")
    assert posting["headline"] == "Stuck grief"
    assert posting["datePublished"] == "2026-11-24"
    assert posting["dateModified"] == "2026-12-01"
    assert posting["author"] == {
        "@type": "Person",
        "name": "Amira Hassan",
        "url": "http://testserver/therapists/amira-hassan/",
        "jobTitle": "Psychologist",
    }
    assert posting["url"] == posting["mainEntityOfPage"] == "http://testserver/articles/stuck/"
    assert posting["keywords"] == ["Grief and loss"]
    assert any(block["@type"] == "BreadcrumbList" for block in blocks)


def test_draft_article_is_hidden_from_visitors_and_shown_to_staff(client, article, admin_user):
    article("secret", title="Secret", draft="true")
    assert client.get("/articles/secret/").status_code == 404
    client.force_login(admin_user)
    response = client.get("/articles/secret/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("path", ["/articles/nope/", "/articles/Stuck/", "/articles/a/b/"])
def test_missing_or_malformed_article_addresses_are_404(client, article, path):
    article("stuck", title="Stuck")
    assert client.get(path).status_code == 404


def test_articles_are_in_the_sitemap(client, article, content):
    content.page("articles/_index.md", title="Articles")
    article("stuck", title="Stuck")
    article("secret", title="Secret", draft="true")
    sitemap = client.get("/sitemap.xml").text
    assert "http://testserver/articles/</loc>" in sitemap
    assert "http://testserver/articles/stuck/</loc>" in sitemap
    assert "secret" not in sitemap


# Problem-area pages list their latest articles -----------------------------------------


def test_problem_area_page_lists_its_latest_three_articles(client, article, content):
    content.page("problem-areas/grief.md", title="Grief and loss")
    for day in range(1, 6):
        article(f"grief-{day}", title=f"Grief post {day}", date=f"2026-02-0{day}")
    article("pills", title="Pills post", tags=["medication"])
    text = client.get("/problem-areas/grief/").text
    section = text.split('id="latest-articles-heading"')[1].split("</section>")[0]
    assert re.findall(r">(Grief post \d)<", section) == [
        "Grief post 5",
        "Grief post 4",
        "Grief post 3",
    ]
    assert "Pills post" not in section
    assert 'href="/articles/?tag=grief"' in section


def test_problem_area_page_without_articles_has_no_empty_section(client, content):
    content.page("problem-areas/role-disputes.md", title="Role disputes")
    assert "latest-articles" not in client.get("/problem-areas/role-disputes/").text


# The feed ------------------------------------------------------------------------------


def test_feed_is_valid_atom_with_entries_ids_and_updated(client, article):
    create_therapist(name="Amira Hassan", slug="amira-hassan")
    article("older", title="Older post", date="2026-01-05", tags=["grief"])
    article(
        "newer",
        title="Newer post",
        date="2026-03-01",
        reviewed="2026-04-02",
        author="amira-hassan",
        tags=["medication", "depression"],
    )
    article("secret", title="Secret", date="2026-05-01", draft="true")
    response = client.get("/articles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_feed(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Articles from The IPT Practice"
    assert root.find(f"{ATOM}id").text == "http://testserver/articles/"
    # The feed's updated time is its newest entry's.
    assert root.find(f"{ATOM}updated").text.startswith("2026-04-02T00:00:00")
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/articles/feed/"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer post", "Older post"]
    newer = entries[0]
    assert newer.find(f"{ATOM}id").text == "http://testserver/articles/newer/"
    assert newer.find(f"{ATOM}link").get("href") == "http://testserver/articles/newer/"
    assert newer.find(f"{ATOM}published").text.startswith("2026-03-01T00:00:00")
    assert newer.find(f"{ATOM}updated").text.startswith("2026-04-02T00:00:00")
    assert newer.find(f"{ATOM}author/{ATOM}name").text == "Amira Hassan"
    assert (
        newer.find(f"{ATOM}author/{ATOM}uri").text == "http://testserver/therapists/amira-hassan/"
    )
    assert [c.get("term") for c in newer.findall(f"{ATOM}category")] == [
        "Medication",
        "Depression",
    ]
    assert newer.find(f"{ATOM}summary").text.startswith("About newer post")
    assert entries[1].find(f"{ATOM}author/{ATOM}name").text == "The IPT Practice"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_uses_the_configured_site_address(client, article, settings):
    settings.SITE_URL = "https://ipt.example.org"
    article("one", title="One")
    root = parse_feed(client.get("/articles/feed/").content)
    assert root.find(f"{ATOM}entry/{ATOM}id").text == "https://ipt.example.org/articles/one/"


def test_feed_with_no_articles_is_still_valid(client, content):
    root = parse_feed(client.get("/articles/feed/").content)
    assert root.findall(f"{ATOM}entry") == []
    assert root.find(f"{ATOM}updated") is not None


# Reading time ---------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "minutes"), [(1, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_rounds_up(content, words, minutes):
    path = content.page("articles/x.md", title="X", body=" ".join(["w"] * words), date="2026-01-01")
    from ipt_site.pages import selectors as pages

    assert path.exists()
    page = pages.page_at("/articles/x/")
    assert selectors.Article(page).reading_minutes == minutes
