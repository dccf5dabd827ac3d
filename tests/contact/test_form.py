"""The form page: what it shows, how it keeps people's words when something is wrong."""

import re
import time

import pytest
from django.core import signing

from ipt_site.contact.forms import STARTED_SALT
from ipt_site.contact.models import Enquiry
from tests.factories import create_therapist
from tests.helplines.util import panel_numbers

from .conftest import FORM_URL, MESSAGE, valid_data

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_form_page_shows_urgent_help_reply_time_and_no_store(client, settings):
    settings.CONTACT_REPLY_DAYS = 3
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = html(response)
    assert page.count("<h1") == 1
    assert 'id="contact-urgent-help"' in page  # the compact panel above the form...
    assert 'id="urgent-help"' in page  # ...and the site-wide one, ids unique
    # Above the enquiry form (the header's search form comes before <main>).
    assert page.index('id="contact-urgent-help"') < page.index("<form", page.index("<main"))
    assert "not for emergencies" in page
    assert "within 3 working days" in page
    for number in panel_numbers():
        assert number in page


def test_form_fields_are_accessible_and_consent_starts_unticked(client):
    page = html(client.get(FORM_URL))
    assert re.search(r'<input type="checkbox" name="consent"[^>]*>', page)
    assert "checked" not in re.search(r'<input type="checkbox" name="consent"[^>]*>', page)[0]
    assert 'href="/privacy/"' in page
    assert 'autocomplete="name"' in page and 'autocomplete="email"' in page
    assert 'autocomplete="tel"' in page and 'type="tel"' in page
    assert page.count("<fieldset") == 2 and page.count("<legend") == 2
    assert "not ready to" in page  # the message hint
    assert 'aria-describedby="id_message_helptext"' in page
    assert "novalidate" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'style="' not in page


def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    page = html(client.get(FORM_URL))
    wrapper = re.search(r'<div class="hp-field" aria-hidden="true">(.*?)</div>', page, re.S)
    assert wrapper
    assert 'name="website"' in wrapper[1]
    assert 'tabindex="-1"' in wrapper[1] and 'autocomplete="off"' in wrapper[1]


def test_therapist_preselected_by_slug(client, therapist):
    page = html(client.get(FORM_URL, {"therapist": "sam-rivers"}))
    assert re.search(r'<option value="sam-rivers" selected>Dr Sam Rivers</option>', page)


@pytest.mark.parametrize("slug", ["nobody", "hidden-person", "<script>"])
def test_unknown_or_unpublished_slug_is_ignored(client, therapist, slug):
    create_therapist(name="Hidden Person", slug="hidden-person", published=False)
    response = client.get(FORM_URL, {"therapist": slug})
    assert response.status_code == 200
    page = html(response)
    assert '<option value="" selected>' in page
    assert "Hidden Person" not in page  # unpublished therapists are not offered


def test_unpublished_therapist_cannot_be_posted(client, post_enquiry):
    create_therapist(name="Hidden Person", slug="hidden-person", published=False)
    response = post_enquiry(valid_data(therapist="hidden-person"))
    assert response.status_code == 200
    assert "Choose a therapist from the list" in html(response)
    assert not Enquiry.objects.exists()


@pytest.fixture
def many_therapists(settings, therapist):
    """More published therapists than the form lists (the limit lowered to 2)."""
    settings.CONTACT_THERAPIST_LIST_MAX = 2
    for number in range(3):
        create_therapist(name=f"Therapist {number}", slug=f"t-{number}")


def test_a_long_directory_is_not_listed_on_the_form(client, many_therapists):
    page = html(client.get(FORM_URL))
    assert "Therapist 0" not in page and "Dr Sam Rivers" not in page
    assert '<option value="" selected>' in page  # no preference is still there
    assert "use the Contact link on their page" in page


def test_a_long_directory_still_offers_the_therapist_a_visitor_came_from(
    client, post_enquiry, many_therapists
):
    page = html(client.get(FORM_URL, {"therapist": "sam-rivers"}))
    assert re.search(r'<option value="sam-rivers" selected>Dr Sam Rivers</option>', page)
    assert "Therapist 0" not in page
    response = post_enquiry(valid_data(therapist="t-1"))
    assert response.status_code == 302
    assert Enquiry.objects.get().therapist.slug == "t-1"
    # An unpublished one is refused as before, with the person's words kept.
    create_therapist(name="Hidden Person", slug="hidden-person", published=False)
    response = post_enquiry(valid_data(therapist="hidden-person"))
    assert "Choose a therapist from the list" in html(response)
    assert MESSAGE in html(response)


def test_a_short_directory_is_listed_in_full(client, settings, therapist):
    settings.CONTACT_THERAPIST_LIST_MAX = 1
    assert "Dr Sam Rivers" in html(client.get(FORM_URL))


INVALID_CASES = {
    "name": ({"name": ""}, "Enter your name."),
    "email": ({"email": "not-an-address"}, "Enter an email address in the correct format"),
    "email_missing": ({"email": ""}, "Enter your email address"),
    "message_short": ({"message": "Too short."}, "Write at least 20 characters"),
    "message_long": ({"message": "x" * 3001}, "Keep your message to 3,000 characters"),
    "message_missing": ({"message": ""}, "Write a short message"),
    "consent": ({"consent": None}, "Tick the box to agree"),
    "phone_needed": ({"contact_preference": "phone", "phone": ""}, "Enter a phone number"),
    "phone_words": ({"phone": "call me maybe"}, "Enter a phone number using numbers only"),
    "phone_short": ({"phone": "12345"}, "Start a UK number with 0"),
    "format": ({"preferred_format": "carrier-pigeon"}, "Select a valid choice"),
    "preference": ({"contact_preference": None}, "Choose how you would like us to contact"),
}
FIELD_FOR_CASE = {
    "email_missing": "email",
    "message_short": "message",
    "message_long": "message",
    "message_missing": "message",
    "phone_needed": "phone",
    "phone_words": "phone",
    "phone_short": "phone",
    "format": "preferred_format",
    "preference": "contact_preference",
}


@pytest.mark.parametrize("case", INVALID_CASES)
def test_each_invalid_case_shows_its_error_and_keeps_the_rest(client, post_enquiry, case):
    overrides, message = INVALID_CASES[case]
    field = FIELD_FOR_CASE.get(case, case)
    data = valid_data(**overrides)
    response = post_enquiry(data)
    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    page = html(response)
    assert "<title>Error: " in page
    # The summary comes first, takes focus, and links to the field.
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary and "autofocus" in summary[0] and 'role="alert"' in summary[0]
    assert page.index("error-summary") < page.index("<h1")
    target = (
        f"id_{field}_0" if field in ("preferred_format", "contact_preference") else f"id_{field}"
    )
    assert f'href="#{target}"' in summary[1]
    assert message in summary[1]
    # The error also sits next to its field, linked by aria-describedby.
    assert f'id="id_{field}_error"' in page
    if field not in ("preferred_format", "contact_preference"):
        control = re.search(rf'<(?:input|textarea|select)[^>]*id="id_{field}"[^>]*>', page)[0]
        assert 'aria-invalid="true"' in control
        assert f"id_{field}_error" in control
    # Everything else they typed is still there.
    if field != "name":
        assert 'value="Alex Example"' in page
    if field not in ("email",):
        assert 'value="alex@example.com"' in page
    if field != "message":
        assert MESSAGE in page
    if field != "consent":
        assert re.search(r'<input type="checkbox" name="consent"[^>]*checked', page)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Alex\r\nBcc: victim@example.com"),
        ("name", "Alex\nExample"),
        ("email", "alex@example.com\nBcc: victim@example.com"),
        ("email", "alex@example.com\r\nSubject: hi"),
        ("phone", "0770\r\n0900"),
    ],
)
def test_line_breaks_in_single_line_fields_are_rejected(
    client, post_enquiry, mailoutbox, field, value
):
    response = post_enquiry(valid_data(**{field: value}))
    assert response.status_code == 200
    page = html(response)
    assert "Please write this on one line." in page
    assert f'href="#id_{field}"' in page
    assert not Enquiry.objects.exists()
    assert mailoutbox == []
    assert MESSAGE in page


def test_trailing_newline_is_just_trimmed(post_enquiry):
    response = post_enquiry(valid_data(name="Alex Example\n", email="alex@example.com\r\n"))
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Alex Example" and enquiry.email == "alex@example.com"


def test_honeypot_value_is_not_echoed_back(post_enquiry):
    response = post_enquiry(valid_data(name=""))
    assert 'name="website" id="id_website" value=""' in html(response)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "tampered:value:here",
        signing.dumps(time.time() - 2 * 24 * 3600, salt=STARTED_SALT),  # left open for days
        signing.dumps(time.time(), salt="another-salt"),
    ],
    # Fixed names: parallel workers must collect the same test ids (the tokens hold times).
    ids=["empty", "tampered", "days-old", "other-salt"],
)
def test_old_or_damaged_token_reshows_the_form_with_everything_kept(post_enquiry, token):
    response = post_enquiry(valid_data(started=token))
    assert response.status_code == 200
    page = html(response)
    assert "open for a long time" in page
    assert page.count("open for a long time") == 1  # in the summary only, not twice
    assert MESSAGE in page and 'value="alex@example.com"' in page
    assert not Enquiry.objects.exists()
    # A fresh token is in the page, so sending again works.
    new = re.search(r'name="started" value="([^"]+)"', page)[1]
    assert new != token
    assert post_enquiry(valid_data(started=new)).status_code == 302
    assert Enquiry.objects.count() == 1


def test_csrf_is_enforced(csrf_client):
    response = csrf_client.post(FORM_URL, valid_data())
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_csrf_token_from_the_page_is_accepted(csrf_client):
    page = html(csrf_client.get(FORM_URL))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = csrf_client.post(FORM_URL, {**valid_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_thanks_page_says_what_happens_next(client, settings):
    settings.CONTACT_REPLY_DAYS = 1
    response = client.get("/contact/thanks/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = html(response)
    assert page.count("<h1") == 1
    assert "What happens next" in page
    assert "within 1 working day, by " in page  # the singular, from the number of days
    assert "does not repeat anything you wrote" in page


def test_thanks_page_without_acknowledgement(client, settings):
    settings.ENQUIRY_ACKNOWLEDGE = False
    assert "short email to confirm" not in html(client.get("/contact/thanks/"))
