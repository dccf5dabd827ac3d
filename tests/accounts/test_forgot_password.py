"""A therapist who forgot their password gets a one-use link by email, without an admin;
the page never says whether an address has an account."""

import json
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import mail

from ipt_site.accounts.views import FORGOT_LIMIT

from .conftest import PASSWORD
from .test_invite import choose_password, link_in

pytestmark = pytest.mark.django_db

FORGOT = "/account/forgot/"
SENT = "/account/forgot/sent/"
NEW_PASSWORD = "a new kettle by the window 7"


def ask(client, email):
    return client.post(FORGOT, {"email": email})


def test_the_sign_in_page_links_to_it(client):
    assert f'href="{FORGOT}"' in client.get("/account/sign-in/").text


def test_a_therapist_gets_a_link_that_sets_a_new_password_once(client, therapist_user):
    response = ask(client, "  SAM-RIVERS@example.org ")  # as people type it
    assert response.status_code == 302 and response["Location"] == SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam-rivers@example.org"]
    assert "choose a new password" in message.subject
    assert "your password has not changed" in message.body

    link = link_in(message)
    page = client.get(client.get(link)["Location"]).text
    assert "Choose a new password" in page and "Welcome." not in page
    response, form_url = choose_password(client, link, password=NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert authenticate(username=therapist_user.username, password=NEW_PASSWORD)
    assert not authenticate(username=therapist_user.username, password=PASSWORD)
    # The link worked once.
    client.logout()
    reused = client.get(link)
    assert "This link no longer works" in reused.text


@pytest.mark.parametrize("who", ["nobody", "staff", "inactive"])
def test_no_link_for_anyone_else_and_the_page_says_the_same(client, therapist_user, who):
    if who == "staff":
        User.objects.create_user("boss@example.org", "boss@example.org", "x", is_staff=True)
        email = "boss@example.org"
    elif who == "inactive":
        User.objects.filter(pk=therapist_user.pk).update(is_active=False)
        email = therapist_user.email
    else:
        email = "nobody@example.org"
    response = ask(client, email)
    assert response.status_code == 302 and response["Location"] == SENT
    assert mail.outbox == []
    assert "If that address belongs to a therapist account" in client.get(SENT).text


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client):
    response = ask(client, "not an address")
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.text
    assert 'value="not an address"' in response.text
    assert "There is a problem" in response.text


def test_asking_too_often_is_refused_kindly(client, therapist_user):
    for _ in range(FORGOT_LIMIT):
        assert ask(client, therapist_user.email).status_code == 302
    response = ask(client, therapist_user.email)
    assert response.status_code == 429
    assert "Please wait a while" in response.text
    assert len(mail.outbox) == FORGOT_LIMIT


def test_a_mail_server_that_is_down_changes_nothing_the_visitor_sees(
    client, therapist_user, settings
):
    settings.EMAIL_BACKEND = "tests.contact.backends.DownBackend"
    response = ask(client, therapist_user.email)
    assert response.status_code == 302 and response["Location"] == SENT


# --- The same work for any address (the database queue, as in production) -----------------


def statements(client, email, visitor):
    """The SQL the request ran, with the values taken out: what work it did. Each visitor
    (a client address) is new, so both requests start their rate-limit count alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.post(FORGOT, {"email": email}, REMOTE_ADDR=visitor)
        assert response.status_code == 302
    # Values, numbers and savepoint names differ from request to request; the work does not.
    return [re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b|NULL", "?", q["sql"]) for q in queries]


@pytest.mark.django_db(transaction=True)
def test_the_request_does_the_same_work_whether_or_not_there_is_an_account(
    client, therapist_user, task_queue
):
    with_account = statements(client, therapist_user.email, "192.0.2.1")
    without = statements(client, "nobody@example.org", "192.0.2.2")
    # The same statements in the same order: one lookup, one task queued, either way.
    assert with_account == without
    assert mail.outbox == []  # the request sends nothing itself

    account_id = therapist_user.therapist_account.pk
    rows = task_queue.ready(task_path="ipt_site.accounts.tasks.send_password_link")
    assert [row.args_kwargs["args"] for row in rows] == [
        [account_id, "http://testserver/"],
        [None, "http://testserver/"],
    ]
    for row in rows:  # the address someone typed is never stored in the queue
        assert "@" not in json.dumps(row.args_kwargs)

    task_queue.run()
    assert [m.to for m in mail.outbox] == [[therapist_user.email]]
    assert [row.return_value for row in task_queue.rows(pk__in=[r.pk for r in rows])] == [
        "Sent.",
        "No account that may use a link: nothing sent.",
    ]
