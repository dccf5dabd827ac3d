"""A valid enquiry is stored once, and the emails say nothing about what was written."""

import logging
import time

import pytest
from django.core import signing
from django.urls import reverse

from ipt_site.contact.forms import STARTED_SALT
from ipt_site.contact.models import Enquiry

from .conftest import FORM_URL, MESSAGE, valid_data

pytestmark = pytest.mark.django_db

PERSONAL = ("Alex", "Example", "07700", MESSAGE[:30], "father", "low")


def assert_no_personal_details(message, *, allow_address=False):
    text = f"{message.subject}\n{message.body}\n{message.extra_headers}"
    for fragment in PERSONAL:
        assert fragment not in text, fragment
    if not allow_address:
        assert "alex@example.com" not in text


def test_valid_submission_is_stored_and_emails_carry_no_message(
    post_enquiry, mailoutbox, therapist, settings
):
    response = post_enquiry(valid_data(therapist="sam-rivers", contact_preference="phone"))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Alex Example"
    assert enquiry.email == "alex@example.com"
    assert enquiry.phone == "07700 900123"
    assert enquiry.contact_preference == "phone"
    assert enquiry.preferred_format == "online"
    assert enquiry.message == MESSAGE
    assert enquiry.therapist == therapist
    assert enquiry.consent_given_at is not None
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT
    assert enquiry.notification_attempts == 1
    assert enquiry.practice_notified_at and enquiry.therapist_notified_at
    assert enquiry.acknowledged_at

    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert set(by_recipient) == {
        ("practice@example.org",),
        ("sam@example.org",),
        ("alex@example.com",),
    }
    admin_link = f"https://ipt.example/admin/contact/enquiry/{enquiry.pk}/change/"
    practice = by_recipient[("practice@example.org",)]
    assert practice.subject == f"New enquiry #{enquiry.pk}"
    assert f"New enquiry #{enquiry.pk}, received " in practice.body
    assert admin_link in practice.body
    assert "Sam" not in practice.body  # not even the therapist's name
    therapist_mail = by_recipient[("sam@example.org",)]
    assert "The practice will pass it on" in therapist_mail.body
    ack = by_recipient[("alex@example.com",)]
    assert f"within {settings.CONTACT_REPLY_DAYS} working days" in ack.body
    # The graded crisis routes, from the help lines, for every nation.
    assert "116 123" in ack.body and "0808 808 8000" in ack.body
    assert "NHS 24 (Scotland): call 111 and choose the mental health option" in ack.body
    assert ack.reply_to == [settings.PRACTICE_EMAIL]
    for message in mailoutbox:
        assert_no_personal_details(message, allow_address=message is ack)


def test_thanks_page_follows_the_redirect(post_enquiry, client):
    response = post_enquiry()
    page = client.get(response["Location"]).content.decode()
    assert "What happens next" in page


def test_admin_link_falls_back_to_the_request_host(post_enquiry, mailoutbox, settings):
    settings.SITE_URL = ""
    post_enquiry()
    enquiry = Enquiry.objects.get()
    practice = next(m for m in mailoutbox if m.to == ["practice@example.org"])
    assert f"http://testserver/admin/contact/enquiry/{enquiry.pk}/change/" in practice.body


def test_no_acknowledgement_when_turned_off(post_enquiry, mailoutbox, settings):
    settings.ENQUIRY_ACKNOWLEDGE = False
    post_enquiry()
    assert [m.to for m in mailoutbox] == [["practice@example.org"]]
    assert Enquiry.objects.get().notification_status == Enquiry.NotificationStatus.SENT


def test_therapist_without_email_gets_nothing(post_enquiry, mailoutbox, therapist):
    therapist.email = ""
    therapist.save()
    post_enquiry(valid_data(therapist="sam-rivers"))
    assert sorted(m.to[0] for m in mailoutbox) == ["alex@example.com", "practice@example.org"]
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT
    assert enquiry.therapist_notified_at is None


def test_emails_wait_for_the_commit(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(FORM_URL, valid_data())
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1
    assert mailoutbox == []  # nothing is sent before the row is committed
    assert len(callbacks) == 1


def test_str_never_shows_the_message(post_enquiry):
    post_enquiry()
    enquiry = Enquiry.objects.get()
    assert str(enquiry) == f"Enquiry #{enquiry.pk}"


def test_honeypot_submission_is_not_stored(post_enquiry, mailoutbox, caplog):
    with caplog.at_level(logging.INFO, logger="ipt_site.contact"):
        response = post_enquiry(valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    assert not Enquiry.objects.exists()
    assert mailoutbox == []
    assert "dropped as automated (honeypot)" in caplog.text
    assert "Alex" not in caplog.text and "spam.example" not in caplog.text


def test_honeypot_with_otherwise_invalid_form_is_dropped_quietly(post_enquiry):
    response = post_enquiry(valid_data(website="x", message="", email="junk"))
    assert response.status_code == 302
    assert not Enquiry.objects.exists()


def test_too_fast_submission_is_not_stored(post_enquiry, mailoutbox, settings):
    settings.ENQUIRY_MIN_SECONDS = 3
    response = post_enquiry(valid_data(started=signing.dumps(time.time(), salt=STARTED_SALT)))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    assert not Enquiry.objects.exists()
    assert mailoutbox == []


def test_submission_after_the_minimum_time_is_stored(post_enquiry, settings):
    settings.ENQUIRY_MIN_SECONDS = 3
    started = signing.dumps(time.time() - 10, salt=STARTED_SALT)
    assert post_enquiry(valid_data(started=started)).status_code == 302
    assert Enquiry.objects.count() == 1


def test_rate_limit_answers_429_after_the_limit(post_enquiry, settings, mailoutbox):
    settings.ENQUIRY_RATE_LIMIT = 3
    for _ in range(3):
        assert post_enquiry().status_code == 302
    response = post_enquiry(valid_data(message="My fourth message, which must not get lost."))
    assert response.status_code == 429
    assert Enquiry.objects.count() == 3
    assert "no-store" in response["Cache-Control"]
    assert response["Retry-After"] == str(settings.ENQUIRY_RATE_WINDOW)
    page = response.content.decode()
    assert settings.PRACTICE_PHONE in page
    assert "try the form again" in page
    assert "My fourth message, which must not get lost." in page  # so they can copy it
    assert "get urgent help now" in page and "urgent-help" in page
    assert page.count("<h1") == 1


def test_rate_limit_ignores_gets_and_invalid_attempts(post_enquiry, client, settings):
    settings.ENQUIRY_RATE_LIMIT = 2
    for _ in range(5):
        assert client.get(FORM_URL).status_code == 200
        assert post_enquiry(valid_data(message="short")).status_code == 200
    assert post_enquiry().status_code == 302
    assert post_enquiry().status_code == 302
    assert post_enquiry().status_code == 429
    assert client.get(FORM_URL).status_code == 200  # reading is never limited


def test_rate_limit_counts_bots_too(post_enquiry, settings):
    settings.ENQUIRY_RATE_LIMIT = 2
    post_enquiry(valid_data(website="spam"))
    post_enquiry(valid_data(website="spam"))
    assert post_enquiry().status_code == 429


def test_rate_limit_is_per_client(post_enquiry, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    assert post_enquiry(REMOTE_ADDR="10.0.0.1").status_code == 302
    assert post_enquiry(REMOTE_ADDR="10.0.0.1").status_code == 429
    assert post_enquiry(REMOTE_ADDR="10.0.0.2").status_code == 302


def test_forwarded_for_is_ignored_unless_behind_a_trusted_proxy(post_enquiry, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    assert post_enquiry(HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    # Forging the header does not buy another go.
    assert post_enquiry(HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_trusted_proxy_uses_the_address_it_saw(post_enquiry, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    assert post_enquiry(HTTP_X_FORWARDED_FOR="forged, 1.1.1.1").status_code == 302
    assert post_enquiry(HTTP_X_FORWARDED_FOR="other, 1.1.1.1").status_code == 429
    assert post_enquiry(HTTP_X_FORWARDED_FOR="forged, 2.2.2.2").status_code == 302


def test_error_reports_hide_what_was_posted(rf):
    from ipt_site.contact.views import EnquiryView

    request = rf.get(FORM_URL)
    EnquiryView.as_view()(request)
    # Django's error reporter then shows every POST value as stars.
    assert request.sensitive_post_parameters == "__ALL__"
