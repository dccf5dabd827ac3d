import pytest

from ipt_site.therapists.models import Availability
from ipt_site.therapists.sitemaps import TherapistSitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_pages(content):
    content.page("problem-areas/_index.md", title="Problem areas", template="section")
    content.page("problem-areas/grief.md", title="Grief and loss")
    content.page("problem-areas/role-disputes.md", title="Role disputes")
    content.page("about-ipt.md", title="About IPT")
    return content


def test_problem_area_page_lists_matching_therapists(client, area_pages, make_therapist):
    make_therapist(name="Accepting Griever", areas=["grief"], display_order=9)
    make_therapist(
        name="Full Griever", areas=["grief"], availability=Availability.NOT_TAKING, display_order=1
    )
    make_therapist(name="Hidden Griever", areas=["grief"], published=False)
    make_therapist(name="Disputes Only", areas=["role-disputes"])
    response = client.get("/problem-areas/grief/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="area-therapists-heading">Therapists for grief and loss</h2>' in html
    assert "Accepting Griever" in html and "Full Griever" in html
    assert html.index("Accepting Griever") < html.index("Full Griever")  # soonest start first
    assert "Hidden Griever" not in html
    assert "Disputes Only" not in html
    assert 'href="/therapists/?area=grief">See all therapists for grief and loss</a>' in html
    assert '<h3 class="therapist-card-name">' in html
    assert html.count("<h1") == 1


def test_at_most_four_cards(client, area_pages, make_therapist):
    for number in range(6):
        make_therapist(name=f"Griever {number}", areas=["grief"])
    html = client.get("/problem-areas/grief/").content.decode()
    assert html.count('class="therapist-card"') == 4


def test_area_without_therapists_points_to_the_directory(client, area_pages):
    html = client.get("/problem-areas/role-disputes/").content.decode()
    assert "Therapists for conflict with someone close" in html
    assert "See all our therapists" in html


def test_other_pages_show_no_therapists(client, area_pages, make_therapist):
    make_therapist(name="Accepting Griever", areas=["grief"])
    for url in ("/about-ipt/", "/problem-areas/", "/"):
        html = client.get(url).content.decode()
        assert "Therapists for" not in html, url
        assert "Accepting Griever" not in html, url


def test_therapist_sitemap_lists_published_profiles(make_therapist):
    shown = make_therapist(slug="shown")
    make_therapist(slug="hidden", published=False)
    sitemap = TherapistSitemap()
    locations = [sitemap.location(item) for item in sitemap.items()]
    assert locations == [shown.get_absolute_url()]


def test_profiles_appear_in_sitemap_xml(client, content, make_therapist):
    make_therapist(slug="shown")
    make_therapist(slug="hidden", published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/therapists/shown/</loc>" in xml
    assert xml.count("<loc>http://testserver/therapists/</loc>") == 1  # the app-pages sitemap
    assert "hidden" not in xml


def test_area_page_still_renders_when_the_database_fails(client, area_pages, monkeypatch):
    from django.db import DatabaseError

    from ipt_site.therapists import selectors

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(selectors, "therapists_for_area", broken)
    response = client.get("/problem-areas/grief/")
    assert response.status_code == 200
    assert "Therapists for" not in response.content.decode()
