"""An admin invites a therapist; the emailed link lets them choose a password once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ipt_site.accounts.models import TherapistAccount
from ipt_site.accounts.tokens import invitation_tokens

from .conftest import PASSWORD, make_therapist

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:therapists_therapist_changelist"
LINK = re.compile(r"https://ipt\.example(/account/welcome/[^/\s]+/[^/\s]+/)")


def invite(client, *therapists):
    return client.post(
        reverse(CHANGELIST),
        {"action": "invite_therapists", "_selected_action": [t.pk for t in therapists]},
        follow=True,
    )


def link_in(message):
    return LINK.search(message.body)[1]


def choose_password(client, link, password=PASSWORD, again=None):
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token into the session first
    form_url = response["Location"]
    assert "set-password" in form_url
    return client.post(
        form_url, {"new_password1": password, "new_password2": again or password}
    ), form_url


def test_invite_creates_a_plain_account_and_emails_a_single_use_link(
    editor_client, therapist, mailoutbox
):
    response = invite(editor_client, therapist)
    assert "1 therapist was emailed a sign-in link." in response.content.decode()
    account = TherapistAccount.objects.get(therapist=therapist)
    user = account.user
    assert user.email == user.username == "sam-rivers@example.org"
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()  # nothing to sign in with until they choose one
    assert account.invited_by.username == "editor"

    (message,) = mailoutbox
    assert message.to == ["sam-rivers@example.org"]
    assert "choose a password" in message.subject.lower()
    assert "works once, for 3 days" in message.body
    assert "https://ipt.example/account/sign-in/" in message.body


def test_the_link_sets_a_password_signs_in_and_then_stops_working(
    client, editor_client, therapist, mailoutbox
):
    invite(editor_client, therapist)
    link = link_in(mailoutbox[0])
    response, form_url = choose_password(client, link)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(email="sam-rivers@example.org")
    assert user.check_password(PASSWORD)
    assert TherapistAccount.objects.get(user=user).password_set_at is not None
    page = client.get(reverse("accounts:home"))
    assert page.status_code == 200
    assert "Your password is saved" in page.content.decode()

    # Single use: the same link now says it no longer works, and changes nothing.
    client.logout()
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()
    response = client.post(form_url, {"new_password1": "x" * 20, "new_password2": "x" * 20})
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_django_password_validators_apply(client, editor_client, therapist, mailoutbox):
    invite(editor_client, therapist)
    response, _ = choose_password(client, link_in(mailoutbox[0]), password="password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    # Regression: the error summary listed nothing (Django's form had no error links).
    assert 'href="#id_new_password2">This password is too common.' in page
    response, _ = choose_password(client, link_in(mailoutbox[0]), password="1", again="2")
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.get(email="sam-rivers@example.org").has_usable_password()


def test_the_link_expires(client, editor_client, therapist, mailoutbox, settings, monkeypatch):
    invite(editor_client, therapist)
    link = link_in(mailoutbox[0])
    later = invitation_tokens._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_a_new_invitation_cancels_the_old_link(client, editor_client, therapist, mailoutbox):
    invite(editor_client, therapist)
    first = link_in(mailoutbox[0])
    invite(editor_client, therapist)
    assert TherapistAccount.objects.count() == 1  # the same account, a fresh link
    assert "This link no longer works" in client.get(first, follow=True).content.decode()
    response, _ = choose_password(client, link_in(mailoutbox[1]))
    assert response.status_code == 302


def test_inviting_again_works_as_a_forgotten_password_link(
    client, editor_client, therapist, mailoutbox
):
    invite(editor_client, therapist)
    choose_password(client, link_in(mailoutbox[0]))
    client.logout()
    invite(editor_client, therapist)
    response, _ = choose_password(
        client, link_in(mailoutbox[1]), password="a new long passphrase 7"
    )
    assert response.status_code == 302
    assert User.objects.get(email="sam-rivers@example.org").check_password(
        "a new long passphrase 7"
    )


def test_therapists_without_an_email_or_with_a_taken_address_are_explained(
    editor_client, mailoutbox
):
    nobody = make_therapist(slug="no-email", name="No Email", email="")
    User.objects.create_user("taken@example.org", "taken@example.org", "pw", is_staff=True)
    taken = make_therapist(slug="taken", name="Taken Address", email="Taken@example.org")
    fine = make_therapist(slug="fine", name="Fine Person")
    page = invite(editor_client, nobody, taken, fine).content.decode()
    assert "1 therapist was emailed a sign-in link." in page
    assert "No Email has no email address" in page
    assert "Another user already signs in as taken@example.org" in page
    assert [m.to for m in mailoutbox] == [["fine@example.org"]]
    assert not TherapistAccount.objects.filter(therapist=taken).exists()


def test_invite_links_never_set_a_staff_password(client, therapist, editor_client, mailoutbox):
    invite(editor_client, therapist)
    link = link_in(mailoutbox[0])
    User.objects.filter(email="sam-rivers@example.org").update(is_staff=True)
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_only_people_allowed_to_invite_see_the_action(client, therapist):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_therapist"))
    client.force_login(viewer)
    actions = client.get(reverse(CHANGELIST)).context["action_form"]
    assert actions is None or "invite_therapists" not in dict(actions.fields["action"].choices)
    invite(client, therapist)
    assert not TherapistAccount.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_inviting_only_queues_the_email_and_the_worker_sends_it(
    admin_client, therapist, task_queue, mailoutbox, settings
):
    settings.EMAIL_BACKEND = "tests.contact.backends.TimeoutBackend"  # a silent mail server
    response = invite(admin_client, therapist)
    assert "1 therapist was emailed a sign-in link." in response.content.decode()
    assert mailoutbox == []
    account = TherapistAccount.objects.get(therapist=therapist)
    (row,) = task_queue.ready(task_path="ipt_site.accounts.tasks.send_invitation")
    assert row.args_kwargs == {"args": [account.pk, "http://testserver/"], "kwargs": {}}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.run()
    (message,) = mailoutbox
    assert message.to == ["sam-rivers@example.org"]
    assert link_in(message).startswith("/account/welcome/")
