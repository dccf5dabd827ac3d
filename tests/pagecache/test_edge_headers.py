"""What the edge (nginx's proxy_cache, a CDN) is told it may keep: public pages for long,
under purge keys, with no Vary: Cookie; nothing with a form token, a session or a waiting
message; 404s, robots.txt and the sitemap briefly or by key."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.therapists.conftest import create_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fastly(settings):
    """Purge keys are sent in the header the configured CDN reads: Fastly's here."""
    settings.EDGE_PURGE = "fastly"


@pytest.fixture
def site(content):
    content.page("faq.md", title="Questions", body="Answers here.")
    return content


def directives(response) -> dict:
    found = {}
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        found[name.lower()] = int(value) if value.isdigit() else True
    return found


def vary(response) -> set:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


@pytest.mark.parametrize("state", ["miss", "hit"])
def test_a_content_page_is_kept_at_the_edge_and_briefly_in_browsers(
    client, site, settings, midday, state
):
    settings.EDGE_CACHE_SECONDS = 3600
    if state == "hit":
        client.get("/faq/")
    response = client.get("/faq/", HTTP_COOKIE="_ga=GA1.2.3; theme=dark")
    assert response["X-Page-Cache"] == state
    assert directives(response) == {
        "public": True,
        "max-age": settings.BROWSER_CACHE_SECONDS,
        "s-maxage": 3600,
        "stale-while-revalidate": settings.EDGE_STALE_WHILE_REVALIDATE,
        "stale-if-error": settings.EDGE_STALE_IF_ERROR,
    }
    assert response["Surrogate-Key"] == "content data /faq/"
    # Twenty visitors with twenty analytics cookies share one copy.
    assert "cookie" not in vary(response)
    assert "accept-encoding" in vary(response)


def test_visitors_with_other_cookies_are_served_the_stored_page(client, site):
    client.get("/faq/")
    for n in range(3):
        response = client.get("/faq/", HTTP_COOKIE=f"_ga=GA1.{n}; csrftoken={'x' * 32}")
        assert response["X-Page-Cache"] == "hit"
        assert "cookie" not in vary(response)


def test_therapist_pages_are_kept_at_the_edge_and_checked_by_browsers(client, site, settings):
    therapist = create_therapist(name="Ada Lovegood", areas=["grief"])
    profile = therapist.get_absolute_url()
    for url, keys in (
        ("/therapists/", "data /therapists/"),
        ("/therapists/?area=grief", "data /therapists/"),
        (profile, f"data {profile}"),
    ):
        for _ in ("miss", "hit"):
            response = client.get(url)
            found = directives(response)
            assert found["public"] and found["max-age"] == 0, url
            assert 0 < found["s-maxage"] <= settings.EDGE_CACHE_SECONDS, url
            assert "no-cache" not in found, url  # no-cache would bind the edge too
            assert response["Surrogate-Key"] == keys, url
            assert "cookie" not in vary(response), url


def test_with_nginx_purges_a_filtered_directory_lives_briefly(client, site, settings, midday):
    settings.EDGE_PURGE = "nginx"
    settings.EDGE_CACHE_SECONDS = 3600
    settings.EDGE_QUERY_CACHE_SECONDS = 45
    create_therapist(name="Ada Lovegood", areas=["grief"])
    assert directives(client.get("/therapists/?area=grief"))["s-maxage"] <= 45
    assert directives(client.get("/faq/"))["s-maxage"] == 3600


@pytest.mark.parametrize("url", ["/contact/", "/self-check/mood/"])
def test_a_page_with_a_form_token_is_never_shared(client, site, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.text
        assert response["Cache-Control"] == "private, no-store"
        assert "Surrogate-Key" not in response and "X-Page-Cache" not in response


def test_a_signed_in_person_gets_their_own_page_marked_private(client, site):
    client.get("/faq/")  # an anonymous copy is stored
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/faq/")
    assert "X-Page-Cache" not in response
    found = directives(response)
    assert found.get("private") and "public" not in found
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response


def test_a_waiting_message_makes_the_page_private(client, site):
    client.get("/faq/")
    client.cookies["messages"] = "anything"
    response = client.get("/faq/")
    assert "X-Page-Cache" not in response
    assert directives(response).get("private")


def test_a_404_has_a_short_explicit_lifetime_under_its_address(client, site, settings):
    response = client.get("/not-written-yet/")
    assert response.status_code == 404
    assert directives(response) == {
        "public": True,
        "max-age": settings.NOT_FOUND_CACHE_SECONDS,
        "s-maxage": settings.NOT_FOUND_CACHE_SECONDS,
    }
    assert response["Surrogate-Key"] == "/not-written-yet/"


def test_robots_and_the_sitemap_are_kept_at_the_edge(client, site):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Sitemap:" in robots.text
    assert directives(robots)["public"] and "s-maxage" in directives(robots)
    assert robots["Surrogate-Key"] == "/robots.txt"
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and "/faq/" in sitemap.text
    assert directives(sitemap)["public"] and "s-maxage" in directives(sitemap)
    assert sitemap["Surrogate-Key"] == "content data /sitemap.xml"


def test_a_day_page_leaves_the_edge_by_midnight(client, site, settings):
    settings.EDGE_CACHE_SECONDS = 7 * 24 * 3600
    create_therapist(name="Ada Lovegood")
    seconds = directives(client.get("/therapists/"))["s-maxage"]
    assert 0 < seconds <= 24 * 3600
    assert re.search(r"s-maxage=\d+", client.get("/therapists/")["Cache-Control"])


def test_late_in_the_evening_a_day_page_lives_at_the_edge_until_midnight(
    client, site, settings, monkeypatch
):
    settings.EDGE_CACHE_SECONDS = 3600
    late = timezone.localtime().replace(hour=23, minute=30, second=0, microsecond=0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: late)
    assert directives(client.get("/faq/"))["s-maxage"] == 30 * 60


@pytest.mark.parametrize(
    ("backend", "sent"),
    [
        ("fastly", {"Surrogate-Key": "content data /faq/"}),
        ("cloudflare", {"Cache-Tag": "content,data,/faq/"}),
        ("nginx", {}),  # purges by address: visitors are spared the bytes
        ("none", {}),
    ],
)
def test_purge_keys_go_in_the_header_the_cdn_reads(client, site, settings, backend, sent):
    settings.EDGE_PURGE = backend
    for _ in ("miss", "hit"):
        response = client.get("/faq/")
        found = {
            name: response[name] for name in ("Surrogate-Key", "Cache-Tag") if name in response
        }
        assert found == sent
