"""The inbox as a workflow: open enquiries first, oldest first, how long each waited;
an assignee, internal notes and a status history; plural messages; the overdue summary."""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipt_site.contact import replytime
from ipt_site.contact.models import HANDLERS_GROUP, Enquiry, EnquiryNote, EnquiryStatusChange
from ipt_site.contact.services import notify

from .test_admin import make_enquiry, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contact_enquiry_changelist"
LONDON = ZoneInfo("Europe/London")
SECRET_NOTE = "Rang back: she mentioned her divorce, call again at teatime."


@pytest.fixture
def handler(client):
    user = staff_user("handler", group="Enquiry handlers")
    user.email = "handler@example.org"
    user.save()
    client.force_login(user)
    return user


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def names(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return [e.name for e in response.context["cl"].result_list]


# --- The default list ---------------------------------------------------------------------


def test_default_list_is_open_enquiries_oldest_first(client, handler):
    make_enquiry(name="Newest", received_at=ago(hours=1))
    make_enquiry(name="Oldest", received_at=ago(days=9), status="in_progress")
    make_enquiry(name="Middle", received_at=ago(days=2))
    make_enquiry(name="Done", received_at=ago(days=20), status="closed")
    assert names(client) == ["Oldest", "Middle", "Newest"]
    assert names(client, status="closed") == ["Done"]
    assert names(client, status="all") == ["Done", "Oldest", "Middle", "Newest"]
    assert names(client, status="new") == ["Middle", "Newest"]
    assert names(client, status="nonsense") == ["Oldest", "Middle", "Newest"]  # no 500
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Open (new and in progress)" in page
    assert "column-waiting" in page


def test_waiting_column_says_how_long_and_marks_overdue(client, handler, settings):
    settings.CONTACT_REPLY_DAYS = 2
    make_enquiry(name="Long wait", received_at=ago(days=9, hours=3))
    make_enquiry(name="Just now", received_at=ago(minutes=5))
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "1\xa0week, 2\xa0days" in page
    assert "5\xa0minutes" in page
    assert page.count("(overdue)") == 1
    assert "Overdue (open, not answered within 2 working days)" in page
    assert names(client, status="overdue") == ["Long wait"]


# --- Working days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        ("2026-11-30 10:00", 2, "2026-12-02 10:00"),  # Monday -> Wednesday
        ("2026-12-03 16:00", 2, "2026-12-07 16:00"),  # Thursday -> Monday
        ("2026-12-04 09:00", 1, "2026-12-07 09:00"),  # Friday -> Monday
        ("2026-12-05 11:00", 2, "2026-12-09 00:00"),  # Saturday counts from Monday
        ("2026-12-06 23:00", 1, "2026-12-08 00:00"),  # Sunday too
    ],
)
def test_reply_is_due_after_working_days(received, days, due):
    start = datetime.fromisoformat(received).replace(tzinfo=LONDON)
    assert replytime.add_working_days(start, days) == datetime.fromisoformat(due).replace(
        tzinfo=LONDON
    )


@pytest.mark.parametrize("now", ["2026-12-07 08:30", "2026-12-09 12:00", "2026-12-12 15:00"])
def test_overdue_cutoff_agrees_with_the_due_dates(now):
    now = datetime.fromisoformat(now).replace(tzinfo=LONDON)
    cutoff = replytime.overdue_cutoff(now, days=2)
    for hours in range(0, 24 * 10, 3):
        received = now - timedelta(hours=hours)
        overdue = replytime.add_working_days(received, 2) < now
        if abs((received - cutoff).total_seconds()) > 1:
            assert (received < cutoff) == overdue, received


def test_reply_time_words_follow_the_number(settings):
    settings.CONTACT_REPLY_DAYS = 1
    assert replytime.reply_time() == "within 1 working day"
    settings.CONTACT_REPLY_DAYS = 3
    assert replytime.reply_time() == "within 3 working days"


def test_reply_time_setting_must_be_a_number(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_DEBUG": "true", "IPT_CONTACT_REPLY_TIME": "within two days"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, django; "
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'ipt_site.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "IPT_CONTACT_REPLY_TIME is a number of working days" in result.stderr


def test_privacy_page_and_contact_pages_use_the_settings(client, settings, content):
    settings.CONTACT_REPLY_DAYS = 4
    settings.ENQUIRY_MAX_AGE_DAYS = 800
    content.page(
        "privacy.md",
        title="Privacy",
        body="We reply [[reply_time]]. Unclosed ones go after [[enquiry_max_age_days]] days.",
    )
    assert (
        "We reply within 4 working days. Unclosed ones go after 800 days."
        in client.get("/privacy/").text
    )
    assert "within 4 working days" in client.get("/contact/").text


def test_the_real_privacy_page_states_both_periods(client, settings):
    settings.ENQUIRY_RETENTION_DAYS = 365
    settings.ENQUIRY_MAX_AGE_DAYS = 730
    text = client.get("/privacy/").text
    assert "365 days after it is closed" in text
    assert "never closed, we delete it 730 days after it arrived" in text


# --- Assignee, notes, status history ----------------------------------------------------------


def test_assignee_is_chosen_among_handlers(client, handler):
    staff_user("bystander")  # staff, not a handler
    enquiry = make_enquiry()
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    choices = client.get(url).context["adminform"].form.fields["assignee"].queryset
    assert list(choices) == [handler]
    response = client.post(url, {"status": "new", "assignee": handler.pk})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assignee == handler
    assert names(client, assignee__id__exact=handler.pk) == ["Alex Example"]


def test_assign_to_me_action(client, handler):
    first, second = make_enquiry(), make_enquiry()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 enquiries assigned to you." in response.content.decode()
    assert set(Enquiry.objects.values_list("assignee", flat=True)) == {handler.pk}


def test_notes_are_kept_with_author_and_time_and_cannot_be_edited(client, handler):
    enquiry = make_enquiry()
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    client.post(url, {"status": "in_progress", "new_note": SECRET_NOTE})
    client.post(url, {"status": "in_progress", "new_note": "Second note."})
    client.post(url, {"status": "in_progress", "new_note": "   "})  # blank adds nothing
    notes = list(EnquiryNote.objects.order_by("pk"))
    assert [n.text for n in notes] == [SECRET_NOTE, "Second note."]
    assert {n.author for n in notes} == {handler}
    assert all(n.created_at for n in notes)
    page = client.get(url).content.decode()
    assert "Rang back: she mentioned her divorce" in page
    assert "handler</strong>" in page
    assert "Internal notes" in page and "never emailed" in page
    assert str(notes[0]) == f"Note #{notes[0].pk} on enquiry #{enquiry.pk}"  # no text


def test_status_history_from_the_form_and_bulk_actions(client, handler):
    enquiry = make_enquiry()
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "in_progress", "new_note": "No change of status."})
    client.post(reverse(CHANGELIST), {"action": "mark_closed", "_selected_action": [enquiry.pk]})
    history = [
        (c.from_status, c.to_status, c.changed_by) for c in EnquiryStatusChange.objects.all()
    ]
    assert history == [("new", "in_progress", handler), ("in_progress", "closed", handler)]
    page = client.get(url).content.decode()
    assert "New → In progress, by handler" in page
    assert "In progress → Closed, by handler" in page


@pytest.mark.parametrize(
    ("count", "action", "message"),
    [
        (1, "mark_closed", "1 enquiry marked as closed."),
        (2, "mark_closed", "2 enquiries marked as closed."),
        (1, "mark_in_progress", "1 enquiry marked as in progress."),
    ],
)
def test_admin_messages_use_proper_plurals(client, handler, count, action, message):
    enquiries = [make_enquiry() for _ in range(count)]
    response = client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [e.pk for e in enquiries]},
        follow=True,
    )
    assert message in response.content.decode()
    assert EnquiryStatusChange.objects.count() == count


# --- The overdue summary ---------------------------------------------------------------------


def summary(**kwargs):
    out, err = StringIO(), StringIO()
    call_command("send_overdue_summary", stdout=out, stderr=err, **kwargs)
    return out.getvalue().strip()


def test_overdue_summary_holds_counts_and_links_only(handler, mailoutbox, settings):
    settings.CONTACT_REPLY_DAYS = 2
    other = staff_user("second", group="Enquiry handlers")
    other.email = "second@example.org"
    other.save()
    staff_user("no-address", group="Enquiry handlers")  # no email: skipped
    mine = make_enquiry(name="Private Person", received_at=ago(days=10))
    mine.assignee = handler
    mine.save()
    make_enquiry(name="Another Private", received_at=ago(days=8))
    make_enquiry(name="Fresh One", received_at=ago(minutes=10))
    make_enquiry(name="Closed Old", received_at=ago(days=30), status="closed")
    EnquiryNote.objects.create(enquiry=mine, author=handler, text=SECRET_NOTE)

    assert summary() == "Overdue: 2. 2 summaries queued."
    by_to = {tuple(m.to): m for m in mailoutbox}
    assert set(by_to) == {("handler@example.org",), ("second@example.org",)}
    mail = by_to[("handler@example.org",)]
    assert mail.subject == "2 enquiries waiting longer than promised (within 2 working days)"
    assert "Assigned to you: 1." in mail.body
    assert "Not assigned to anyone: 1." in mail.body
    assert "All overdue enquiries: 2." in mail.body
    base = "https://ipt.example/admin/contact/enquiry/?status=overdue"
    assert f"{base}&assignee__id__exact={handler.pk}" in mail.body
    assert f"{base}&assignee__isnull=True" in mail.body
    assert "Assigned to you: 0." in by_to[("second@example.org",)].body
    for message in mailoutbox:
        text = message.subject + message.body
        for private in ("Private", "Alex", "example.com", "divorce", "message", f"#{mine.pk}"):
            assert private not in text, private


def test_summary_links_open_the_right_list(client, handler, mailoutbox, settings):
    settings.SITE_URL = ""
    make_enquiry(name="Overdue One", received_at=ago(days=10))
    make_enquiry(name="On Time", received_at=ago(minutes=1))
    summary()
    link = re.search(
        r"(/admin/contact/enquiry/\?status=overdue\S*isnull=True)", mailoutbox[0].body
    )[1]
    response = client.get(link)
    assert [e.name for e in response.context["cl"].result_list] == ["Overdue One"]


def test_no_summary_when_nothing_is_overdue(handler, mailoutbox):
    make_enquiry(received_at=ago(minutes=30))
    assert summary() == "No open enquiries are overdue. No email sent."
    assert mailoutbox == []


def test_summary_goes_to_the_notification_address_without_handlers(mailoutbox, settings):
    make_enquiry(received_at=ago(days=10))
    summary()
    assert [m.to for m in mailoutbox] == [["practice@example.org"]]


@pytest.fixture
def handlers_group(db):
    """The worker commits, so its tests do too, and a committed test's flush removes the
    group a migration made: bring it back (the summary only needs the membership)."""
    Group.objects.get_or_create(name=HANDLERS_GROUP)


@pytest.mark.django_db(transaction=True)
def test_the_summary_is_queued_and_a_failure_is_tried_again_by_the_worker(
    handlers_group, handler, settings, task_queue, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.contact.backends.DownBackend"
    make_enquiry(received_at=ago(days=10))
    assert summary() == "Overdue: 1. 1 summary queued."
    (row,) = task_queue.ready()
    assert row.args_kwargs == {"args": [handler.pk], "kwargs": {}}  # an id, no counts
    task_queue.run()
    assert mailoutbox == []
    assert len(task_queue.ready()) == 1  # the next attempt, later

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.time_passes()
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["handler@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_a_queued_summary_counts_again_when_it_is_sent(
    handlers_group, handler, task_queue, mailoutbox
):
    overdue = make_enquiry(received_at=ago(days=10))
    summary()
    Enquiry.objects.filter(pk=overdue.pk).update(status="closed")  # answered meanwhile
    task_queue.run()
    assert mailoutbox == []
    assert task_queue.rows()[0].return_value == "Nothing is overdue any more: nothing sent."


# --- Notes never leave the admin ------------------------------------------------------------------


def test_notes_never_appear_in_any_email(
    client, handler, mailoutbox, post_enquiry, therapist, settings
):
    from .conftest import valid_data

    post_enquiry(valid_data(therapist="sam-rivers"))
    enquiry = Enquiry.objects.get()
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    client.post(url, {"status": "in_progress", "new_note": SECRET_NOTE, "assignee": handler.pk})
    # Every email the site sends about enquiries, after the note exists.
    Enquiry.objects.filter(pk=enquiry.pk).update(
        notification_status="pending",
        practice_notified_at=None,
        therapist_notified_at=None,
        acknowledged_at=None,
        received_at=ago(days=10),
    )
    notify(Enquiry.objects.get(pk=enquiry.pk))
    summary()
    client.post(reverse(CHANGELIST), {"action": "mark_closed", "_selected_action": [enquiry.pk]})
    assert len(mailoutbox) >= 7  # 3 on arrival, 3 again, the summary
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}\n{message.extra_headers}"
        for fragment in ("divorce", "Rang back", "teatime", "internal note"):
            assert fragment not in text
