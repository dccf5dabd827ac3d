"""'Tell me when a place opens': consent, one request per address, unsubscribe, the
emails in the order people asked when a place opens, deletion after 90 days."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipt_site.therapists.models import Availability
from ipt_site.therapists.services import set_availability
from ipt_site.waitinglist import tokens
from ipt_site.waitinglist.models import WaitingRequest
from tests.factories import create_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(db):
    return create_therapist(name="Fern Full", availability=Availability.WAITING_LIST,
                            intro_call=True)  # fmt: skip


def join_url(therapist=None):
    if therapist is None:
        return reverse("waitinglist:join-practice")
    return reverse("waitinglist:join", args=[therapist.slug])


def join(client, therapist, email, **extra):
    return client.post(join_url(therapist), {"email": email, "consent": "on", **extra})


def test_the_form_asks_for_an_email_and_consent_and_nothing_else(client, full):
    page = client.get(join_url(full))
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Join the waiting list for Fern Full" in html
    assert "send me one email when Fern Full can take someone new" in html
    assert "after 90 days" in html
    inputs = {name for name in ("email", "consent", "website", "csrfmiddlewaretoken")
              if f'name="{name}"' in html}  # fmt: skip
    assert inputs == {"email", "consent", "website", "csrfmiddlewaretoken"}
    assert 'name="name"' not in html and "<textarea" not in html
    response = client.post(join_url(full), {"email": "kim@example.net"})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert 'value="kim@example.net"' in response.content.decode()
    response = client.post(join_url(full), {"email": "not an address", "consent": "on"})
    assert "correct format" in response.content.decode()
    assert not WaitingRequest.objects.exists()


def test_joining_stores_the_address_and_confirms_with_an_unsubscribe_link(
    client, full, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client, full, "Kim@Example.NET")
    assert response["Location"] == reverse("waitinglist:thanks", args=[full.slug])
    request = WaitingRequest.objects.get()
    assert (request.therapist, request.email) == (full, "kim@example.net")
    [message] = mail.outbox
    assert message.to == ["kim@example.net"] and "Fern Full" in message.subject
    assert tokens.unsubscribe_path(request.pk) in message.body
    assert "kim@example.net" not in message.body


def test_asking_twice_is_one_request_and_looks_the_same(
    client, full, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = join(client, full, "kim@example.net")
        second = join(client, full, "KIM@example.net ")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert WaitingRequest.objects.count() == 1 and len(mail.outbox) == 1
    # The practice's list is a separate request.
    join(client, None, "kim@example.net")
    assert WaitingRequest.objects.count() == 2


def test_a_therapist_who_can_take_people_has_no_list_to_join(client):
    free = create_therapist(availability=Availability.WITHIN_2_WEEKS)
    page = client.get(join_url(free)).content.decode()
    assert "can take someone new" in page and 'name="email"' not in page
    join(client, free, "kim@example.net")
    assert not WaitingRequest.objects.exists()
    hidden = create_therapist(published=False, availability=Availability.NOT_TAKING)
    assert client.get(join_url(hidden)).status_code == 404


def test_unsubscribe_asks_first_then_deletes_and_survives_reuse_and_forgery(client, full):
    request = WaitingRequest.objects.create(therapist=full, email="kim@example.net")
    url = tokens.unsubscribe_path(request.pk)
    page = client.get(url)
    assert page.status_code == 200 and "Take me off the list" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert WaitingRequest.objects.exists()  # a GET (a mail scanner following links) keeps it
    response = client.post(url)
    assert response.status_code == 302 and not WaitingRequest.objects.exists()
    assert "You are off the list" in client.get(response["Location"]).content.decode()
    # Used: the same calm answer, nothing to do.
    assert "You are not on the list" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    mangled = tokens.make(request.pk).replace(":", "-")
    for forged in (url[:-4] + "xyz/", "/waiting-list/unsubscribe/1/",
                   f"/waiting-list/unsubscribe/{mangled}/"):  # fmt: skip
        response = client.get(forged)
        assert (
            response.status_code == 404 and "This link does not work" in response.content.decode()
        )


def test_when_a_place_opens_the_waiting_are_emailed_in_the_order_they_asked(
    django_capture_on_commit_callbacks, full
):
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    other = create_therapist(availability=Availability.NOT_TAKING)
    now = timezone.now()
    asked = [
        ("third@example.net", full, now - timedelta(days=1)),
        ("first@example.net", full, now - timedelta(days=30)),
        ("any@example.net", None, now - timedelta(days=20)),
        ("second@example.net", full, now - timedelta(days=10)),
        ("elsewhere@example.net", other, now - timedelta(days=40)),
        ("old@example.net", full, now - timedelta(days=91)),
    ]
    for email, therapist, when in asked:
        WaitingRequest.objects.create(therapist=therapist, email=email, asked_at=when)

    # Moving between statuses that cannot take people sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        set_availability(full, Availability.NOT_TAKING, confirmed_by=staff)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        set_availability(full, Availability.WITHIN_2_WEEKS, confirmed_by=staff)
    assert [m.to[0] for m in mail.outbox] == [
        "first@example.net",
        "any@example.net",
        "second@example.net",
        "third@example.net",
    ]
    for message in mail.outbox:
        assert message.subject == "Fern Full can now take someone new"
        assert full.get_absolute_url() in message.body
        assert reverse("introcalls:choose", args=[full.slug]) in message.body
    # Used requests are gone; the other therapist's and the expired one stay (the purge
    # deletes the expired one).
    assert sorted(WaitingRequest.objects.values_list("email", flat=True)) == [
        "elsewhere@example.net",
        "old@example.net",
    ]


def test_an_unpublished_or_closed_again_therapist_releases_nobody(full):
    from ipt_site.waitinglist import services
    from ipt_site.waitinglist.emails import place_opened

    WaitingRequest.objects.create(therapist=full, email="kim@example.net")
    assert services.tell_waiting(full.pk, place_opened) == 0  # still on a waiting list
    full.availability = Availability.WITHIN_2_WEEKS
    full.published = False
    full.save()
    assert services.tell_waiting(full.pk, place_opened) == 0
    assert services.tell_waiting(999999, place_opened) == 0
    assert WaitingRequest.objects.count() == 1 and mail.outbox == []


def test_a_failed_email_leaves_the_rest_in_order_for_the_next_attempt(full):
    from ipt_site.waitinglist import services

    for n in range(3):
        WaitingRequest.objects.create(therapist=full, email=f"p{n}@example.net",
                                      asked_at=timezone.now() - timedelta(days=3 - n))  # fmt: skip
    full.availability = Availability.WITHIN_2_WEEKS
    full.save()
    sent = []

    def flaky(request, therapist):
        if request.email == "p1@example.net" and not sent[1:]:
            sent.append("fail")
            raise OSError("mail server down")
        sent.append(request.email)

    with pytest.raises(OSError):
        services.tell_waiting(full.pk, flaky)
    assert services.tell_waiting(full.pk, flaky) == 2
    assert sent == ["p0@example.net", "fail", "p1@example.net", "p2@example.net"]
    assert not WaitingRequest.objects.exists()


def test_requests_are_deleted_after_90_days(full):
    now = timezone.now()
    WaitingRequest.objects.create(therapist=full, email="old@example.net",
                                  asked_at=now - timedelta(days=90, minutes=1))  # fmt: skip
    WaitingRequest.objects.create(therapist=None, email="new@example.net",
                                  asked_at=now - timedelta(days=89))  # fmt: skip
    call_command("purge_waiting_list", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(WaitingRequest.objects.values_list("email", flat=True)) == ["new@example.net"]


def test_asking_again_after_the_90_days_starts_again(
    client, full, django_capture_on_commit_callbacks
):
    old = WaitingRequest.objects.create(therapist=full, email="kim@example.net",
                                        asked_at=timezone.now() - timedelta(days=95))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        join(client, full, "kim@example.net")
    old.refresh_from_db()
    assert old.asked_at > timezone.now() - timedelta(minutes=1) and len(mail.outbox) == 1


def test_only_staff_see_requests_read_only_in_the_admin(client, full):
    WaitingRequest.objects.create(therapist=full, email="kim@example.net")
    url = reverse("admin:waitinglist_waitingrequest_changelist")
    assert "kim@example.net" not in client.get(url).content.decode()  # sign-in page
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "kim@example.net" in page and "Fern Full" in page
    request = WaitingRequest.objects.get()
    change = client.get(reverse("admin:waitinglist_waitingrequest_change", args=[request.pk]))
    assert change.status_code == 200 and 'name="email"' not in change.content.decode()
    assert client.get(reverse("admin:waitinglist_waitingrequest_add")).status_code == 403
    # Nothing of it on the public pages.
    client.logout()
    assert "kim@example.net" not in client.get(full.get_absolute_url()).content.decode()


def test_a_flood_from_one_address_is_refused_with_the_address_kept(client, full, settings):
    settings.WAITING_LIST_RATE_LIMIT = 2
    for n in range(2):
        assert join(client, full, f"p{n}@example.net").status_code == 302
    response = join(client, full, "third@example.net")
    assert response.status_code == 429 and 'value="third@example.net"' in response.content.decode()
    assert WaitingRequest.objects.count() == 2


def test_a_bot_is_dropped_quietly(client, full):
    assert join(client, full, "bot@example.net", website="x").status_code == 302
    assert not WaitingRequest.objects.exists()
