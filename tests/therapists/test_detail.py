import json
import re

import pytest

from ipt_site.therapists.models import Availability

pytestmark = pytest.mark.django_db


def test_published_profile(client, make_therapist):
    therapist = make_therapist(
        name="Ada Lovegood",
        slug="ada-lovegood",
        pronouns="she/her",
        title="Clinical psychologist",
        qualifications="DClinPsy",
        registration_body="HCPC",
        registration_number="PYL12345",
        registration_verified_on="2026-03-01",
        ipt_level="supervisor",
        ipt_verified_on="2026-04-02",
        location="Leeds",
        online_anywhere=True,
        email="ada@example.org",
        areas=["grief", "role-transitions"],
        other=["depression"],
        ages=["adults"],
        formats=["online"],
        languages=["english", "welsh"],
    )
    response = client.get(therapist.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for text in (
        "Ada Lovegood",
        "(she/her)",
        "Clinical psychologist",
        "DClinPsy",
        "HCPC, number PYL12345",
        "Checked by us on 1 March 2026",
        "IPT supervisor, accredited by IPT UK",
        "Checked by us on 2 April 2026",
        "Depression",
        "Adults",
        "Online",
        "Leeds",
        "English, Welsh",
        "Can start within 1 to 2 months",
        "Sees people online wherever they live.",
    ):
        assert text in html, text
    assert '<a href="/problem-areas/grief/">Grief and loss</a>' in html
    assert '<a href="/problem-areas/role-transitions/">Big life changes</a>' in html
    assert 'href="/contact/?therapist=ada-lovegood"' in html
    assert "Send an enquiry" in html
    assert "ada@example.org" not in html
    assert '<link rel="canonical" href="http://testserver/therapists/ada-lovegood/">' in html
    assert '<meta name="description"' in html
    assert "style=" not in html


def test_json_ld_profile_page(client, make_therapist):
    therapist = make_therapist(
        name="Ada Lovegood", title="Counsellor", languages=["english"], location="Leeds"
    )
    html = client.get(therapist.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = [json.loads(block) for block in blocks]
    profile = next(item for item in data if item.get("@type") == "ProfilePage")
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ada Lovegood"
    assert person["jobTitle"] == "Counsellor"
    assert person["knowsLanguage"] == ["English"]
    assert "email" not in json.dumps(profile)


@pytest.mark.parametrize("slug", ["hidden", "no-such-person"])
def test_unpublished_or_unknown_is_404(client, make_therapist, slug):
    make_therapist(slug="hidden", published=False)
    assert client.get(f"/therapists/{slug}/").status_code == 404


def test_biography_is_plain_text_with_paragraphs(client, make_therapist):
    therapist = make_therapist(
        biography="First <b>paragraph</b> <script>alert(1)</script>.\n\nSecond paragraph."
    )
    html = client.get(therapist.get_absolute_url()).content.decode()
    assert "<p>First &lt;b&gt;paragraph&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;.</p>" in (
        html
    )
    assert "<p>Second paragraph.</p>" in html
    assert "<script>alert(1)" not in html


def test_not_accepting_profile_still_offers_an_enquiry(client, make_therapist):
    therapist = make_therapist(availability=Availability.NOT_TAKING)
    html = client.get(therapist.get_absolute_url()).content.decode()
    assert "Not taking anyone just now" in html
    assert "help you find someone else" in html
    assert "/contact/?therapist=" in html


def test_profile_runs_a_fixed_number_of_queries(
    client, make_therapist, django_assert_num_queries, settings
):
    settings.VERSION_RECHECK_SECONDS = 3600  # no version re-read mid-test
    therapist = make_therapist(
        areas=["grief"],
        other=["depression"],
        ages=["adults"],
        formats=["online"],
        languages=["english"],
    )
    client.get("/therapists/")  # reads the versions' row
    with django_assert_num_queries(7):  # the therapist and its six relations
        assert client.get(therapist.get_absolute_url()).status_code == 200
