"""The promised reply date skips weekends, the practice nation's bank holidays and the
closures staff set (issue 25), and every place that gives it agrees."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ipt_site.contact import replytime
from ipt_site.contact.models import Closure, Enquiry

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def enquiry(name, received_at):
    return Enquiry.objects.create(
        name=name,
        email=f"{name.lower()}@example.org",
        message="x",
        received_at=received_at,
        consent_given_at=received_at,
    )


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("nation", "received", "due"),
    [
        # Christmas Day, Boxing Day (observed Monday 28th) in England.
        ("england", "2026-12-24 10:00", "2026-12-30 10:00"),
        # Good Friday and Easter Monday 2027 (26 and 29 March).
        ("england", "2027-03-25 10:00", "2027-03-31 10:00"),
        # Easter Monday is not a bank holiday in Scotland; 2 January is.
        ("scotland", "2027-03-25 10:00", "2027-03-30 10:00"),
        ("scotland", "2026-12-31 10:00", "2027-01-06 10:00"),
        ("england", "2026-12-31 10:00", "2027-01-05 10:00"),
        # St Patrick's Day in Northern Ireland (Wednesday 17 March 2027).
        ("northern-ireland", "2027-03-16 10:00", "2027-03-19 10:00"),
        ("england", "2027-03-16 10:00", "2027-03-18 10:00"),
    ],
)
def test_bank_holidays_of_the_practice_nation_are_not_working_days(settings, nation, received, due):
    settings.PRACTICE_NATION = nation
    assert replytime.add_working_days(at(received), 2) == at(due)


def test_a_closure_moves_the_reply_date_past_it():
    Closure.objects.create(starts_on=date(2027, 2, 15), ends_on=date(2027, 2, 19))
    # Friday 12th: Monday to Friday closed, so Monday 22nd and Tuesday 23rd count.
    assert replytime.add_working_days(at("2027-02-12 11:00"), 2) == at("2027-02-23 11:00")
    # A message sent during the closure counts from the morning it ends.
    assert replytime.add_working_days(at("2027-02-16 09:00"), 1) == at("2027-02-23 00:00")


def test_the_inbox_counts_closures_too(settings):
    settings.CONTACT_REPLY_DAYS = 2
    Closure.objects.create(starts_on=date(2027, 2, 15), ends_on=date(2027, 2, 19))
    now = at("2027-02-22 12:00")
    cutoff = replytime.overdue_cutoff(now)
    # Thursday 11th 11:00 counts Friday 12th and (after the closed week) Monday 22nd: due
    # the 22nd at 11:00, an hour ago. Friday 12th 13:00 is due Tuesday 23rd.
    assert replytime.is_overdue(at("2027-02-11 11:00"), now)
    assert not replytime.is_overdue(at("2027-02-12 13:00"), now)
    assert at("2027-02-11 11:00") < cutoff <= at("2027-02-12 13:00")
    enquiry("A", at("2027-02-11 11:00"))
    enquiry("B", at("2027-02-12 13:00"))
    assert list(Enquiry.objects.overdue(now).values_list("name", flat=True)) == ["A"]


def test_a_closure_that_ends_before_it_starts_is_refused():
    closure = Closure(starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 4))
    with pytest.raises(ValidationError) as error:
        closure.full_clean()
    assert "on or after the first day" in str(error.value)


def test_the_contact_page_gives_the_date_and_says_when_the_practice_is_closed(client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: at("2026-12-22 10:00"))
    page = client.get(reverse("contact:form")).content.decode()
    assert "if you write today, by Thursday 24 December" in page
    assert "The practice is closed" not in page
    Closure.objects.create(
        starts_on=date(2026, 12, 23), ends_on=date(2027, 1, 1), note="We are closed over Christmas."
    )
    page = client.get(reverse("contact:form")).content.decode()
    assert "The practice is closed from Wednesday 23 December to Friday 1 January" in page
    assert "We are closed over Christmas." in page
    assert "reply by Tuesday 5 January" in page  # 4 and 5 January are the two working days


def test_the_thanks_page_and_the_acknowledgement_give_the_same_date(
    client, monkeypatch, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_ACKNOWLEDGE = True
    monkeypatch.setattr("django.utils.timezone.now", lambda: at("2026-12-24 10:00"))
    thanks = client.get(reverse("contact:thanks")).content.decode()
    assert "We will reply within 2 working days, by Wednesday 30 December." in thanks
    sent = enquiry("A", at("2026-12-24 10:00"))
    from django.core import mail

    from ipt_site.contact import services

    services.acknowledgement_email(sent, "https://example.org", mail.get_connection())
    assert "We will reply within 2 working days, by Wednesday 30 December." in mailoutbox[-1].body
