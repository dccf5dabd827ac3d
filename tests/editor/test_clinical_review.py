"""Clinical review: a change to a page that needs it waits for a clinical reviewer; the
public keeps the published page; a reviewer approves (dates and name set) or sends back
(with a reason); nobody approves their own change; emails are links; the history names
both people."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from dulwich.repo import Repo

from ipt_site.editor import review, services
from ipt_site.editor.models import PendingVersion, Revision
from ipt_site.editor.permissions import REVIEWERS_GROUP

from .conftest import make_user
from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db

NEW_WORDS = "Grief changes over time, and talking can help."


@pytest.fixture
def reviewer(db):
    user = make_user("robin", group=False, last_name="Reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


def save_change(client, row, body=NEW_WORDS, **changes):
    data = form_data(client.get(edit_url(row)))
    data.update(body=body, message="New opening", **changes)
    response = client.post(edit_url(row), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def review_url(row):
    return reverse("admin:editor_contentpage_review", args=[row.pk])


def file_text(pages, relpath):
    return (pages.root / relpath).read_text()


@pytest.fixture
def held(editor_client, pages, reviewer, django_capture_on_commit_callbacks):
    """An editor's change to the grief page, waiting for review."""
    row = row_for(editor_client, "problem-areas/grief.md")
    with django_capture_on_commit_callbacks(execute=True):
        save_change(editor_client, row)
    return row


def test_a_change_is_kept_pending_and_the_public_keeps_the_published_page(
    held, editor_client, pages, public
):
    pending = PendingVersion.objects.get()
    assert pending.author_name == "Alex Editor"
    assert pending.note == "New opening"
    assert NEW_WORDS in pending.text
    assert NEW_WORDS not in file_text(pages, "problem-areas/grief.md")
    # The public: the page, search and the sitemap are as before.
    page = public.get("/problem-areas/grief/").content.decode()
    assert "Grief is the pain of losing someone." in page
    assert NEW_WORDS not in page
    assert "Grief changes over time" not in public.get("/search/?q=talking+help").text
    assert "/problem-areas/grief/" in public.get("/sitemap.xml").text
    # The editor: the page says so, and the list shows the state, with a filter.
    edit = editor_client.get(edit_url(held)).content.decode()
    assert "This change is waiting for clinical review" in edit
    assert NEW_WORDS in edit  # the author goes on working on their change
    listing = editor_client.get(reverse("admin:editor_contentpage_changelist") + "?status=waiting")
    assert listing.context["cl"].result_count == 1
    assert "Waiting for review" in listing.content.decode()


def test_a_second_save_replaces_the_pending_change_and_says_whose_it_replaced(
    held, pages, reviewer, client
):
    other = make_user("kim", last_name="Other")
    client.force_login(other)
    response = save_change(client, held, body="A different change.")
    assert PendingVersion.objects.count() == 1
    assert "A different change." in PendingVersion.objects.get().text
    page = client.get(response.url).content.decode()
    assert "It replaces the change Alex Editor saved" in page


def test_no_one_approves_their_own_change_in_the_service_or_the_view(held, pages, editor):
    # The author is a reviewer too: the rule is about the change, not the group.
    editor.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    pending = PendingVersion.objects.get()
    with pytest.raises(services.NotAllowed):
        services.approve_pending(pending.pk, user=editor, reviewed_by="Alex Editor, nurse")
    with pytest.raises(services.NotAllowed):
        services.approve_pending(pending.pk, user=editor, clinical=False)

    from django.test import Client

    client = Client()
    client.force_login(editor)
    page = client.get(review_url(held)).content.decode()
    assert "You wrote this change" in page
    assert "Approve and publish" not in page
    response = client.post(
        review_url(held), {"reviewed_by": "Alex Editor, nurse", "_approve": "Approve"}
    )
    assert response.status_code == 403
    assert "You wrote this change, so you cannot review it" in response.content.decode()
    assert NEW_WORDS not in file_text(pages, "problem-areas/grief.md")
    assert PendingVersion.objects.exists()


def test_a_content_editor_who_is_not_a_reviewer_cannot_approve(held, pages, client):
    other = make_user("kim", last_name="Other")
    client.force_login(other)
    response = client.post(review_url(held), {"reviewed_by": "Kim, editor", "_approve": "1"})
    assert response.status_code == 403
    assert NEW_WORDS not in file_text(pages, "problem-areas/grief.md")


def test_approval_publishes_as_the_author_and_sets_the_dates_and_name(
    held, reviewer_client, pages, public, django_capture_on_commit_callbacks
):
    page = reviewer_client.get(review_url(held))
    html = page.content.decode()
    assert f"<ins>{NEW_WORDS}</ins>" in html  # the diff against the published page
    assert "<del>Grief is the pain of losing someone.</del>" in html
    preview = reviewer_client.get(
        reverse("admin:editor_contentpage_review_preview", args=[held.pk])
    )
    assert NEW_WORDS in preview.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            review_url(held),
            {"reviewed_by": "Dr Robin Reviewer, clinical psychologist", "_approve": "1"},
        )
    assert response.status_code == 302
    today = timezone.localdate()
    text = file_text(pages, "problem-areas/grief.md")
    assert NEW_WORDS in text
    assert f"reviewed: {today.isoformat()}" in text
    assert 'reviewed_by: "Dr Robin Reviewer, clinical psychologist"' in text or (
        "reviewed_by: Dr Robin Reviewer, clinical psychologist" in text
    )
    assert f"next_review: {review.next_review(today).isoformat()}" in text
    assert not PendingVersion.objects.exists()
    site = public.get("/problem-areas/grief/").content.decode()
    assert NEW_WORDS in site
    assert "Dr Robin Reviewer" in site
    revision = Revision.objects.filter(action="edit").first()
    assert revision.author == "Alex Editor"
    assert revision.approved_by == "Dr Robin Reviewer, clinical psychologist"
    history = reviewer_client.get(reverse("admin:editor_contentpage_history", args=[held.pk]))
    version = history.context["versions"][0]
    assert (version.who, version.approved_by) == (
        "Alex Editor",
        "Dr Robin Reviewer, clinical psychologist",
    )
    assert "approved by Dr Robin Reviewer, clinical psychologist" in history.content.decode()
    assert [m.to for m in mail.outbox] == [["alex@example.org"]]
    assert "approved" in mail.outbox[0].subject


def test_no_clinical_change_publishes_without_touching_the_review_dates(
    held, reviewer_client, pages
):
    response = reviewer_client.post(review_url(held), {"_no_clinical_change": "1"})
    assert response.status_code == 302
    text = file_text(pages, "problem-areas/grief.md")
    assert NEW_WORDS in text
    assert "reviewed: 2026-01-01" in text
    assert "next_review: 2099-01-01" in text
    assert "No clinical change" in Revision.objects.filter(action="edit").first().message


def test_send_back_keeps_the_file_and_the_author_sees_the_reason(
    held, reviewer_client, editor_client, pages, django_capture_on_commit_callbacks
):
    before = file_text(pages, "problem-areas/grief.md")
    refused = reviewer_client.post(review_url(held), {"reason": "", "_send_back": "1"})
    assert "Say why you are sending the change back" in refused.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            review_url(held),
            {
                "reviewed_by": "Robin",  # the signature box, not needed to send back
                "reason": "Please cite the source for the second sentence.",
                "_send_back": "1",
            },
        )
    assert file_text(pages, "problem-areas/grief.md") == before
    assert PendingVersion.objects.get().state == "sent_back"
    page = editor_client.get(edit_url(held)).content.decode()
    assert "Sent back by Robin Reviewer" in page
    assert "Please cite the source for the second sentence." in page
    assert NEW_WORDS in page  # their change is kept for them
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert "Please cite" not in message.body  # the reason is on the page, not in email


def test_the_emails_carry_links_and_no_page_text(held, pages):
    # The reviewer was told when the change was saved (the `held` fixture).
    (message,) = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    assert "/admin/" in message.body and "/review/" in message.body
    assert "Alex Editor" in message.body
    for words in (NEW_WORDS, "Grief is the pain", "Grief and loss", "New opening"):
        assert words not in message.body
        assert words not in message.subject


def test_a_conflict_is_shown_not_overwritten(held, reviewer_client, pages, client):
    other = make_user("kim", last_name="Other")
    # Someone changes the published page directly (here: the service, as a privacy
    # page would be, or before review was in force).
    row = held
    current = file_text(pages, "problem-areas/grief.md")
    services.save_page(
        row.relpath,
        current.replace("Grief is the pain", "Grief is the hurt"),
        base=services.files.digest(current),
        user=other,
    )
    response = reviewer_client.post(
        review_url(row), {"reviewed_by": "Dr Robin Reviewer, psychologist", "_approve": "1"}
    )
    assert response.status_code == 200
    assert "The published page has changed since this change was made" in (
        response.content.decode()
    )
    text = file_text(pages, "problem-areas/grief.md")
    assert "Grief is the hurt" in text and NEW_WORDS not in text


def test_with_git_the_commit_is_the_writers_and_names_the_approver(
    editor_client, pages, reviewer, reviewer_client
):
    repo = Repo.init(str(pages.root))
    worktree = repo.get_worktree()
    worktree.stage([p.relative_to(pages.root).as_posix() for p in pages.root.rglob("*.md")])
    worktree.commit(message=b"By hand", author=b"H <h@example.org>", committer=b"H <h@example.org>")
    row = row_for(editor_client, "problem-areas/grief.md")
    save_change(editor_client, row)
    reviewer_client.post(
        review_url(row), {"reviewed_by": "Dr Robin Reviewer, psychologist", "_approve": "1"}
    )
    commit = repo[repo.head()]
    assert commit.author == b"Alex Editor <alex@example.org>"
    assert commit.committer == b"Robin Reviewer <robin@example.org>"
    assert b"\n\nApproved-by: Robin Reviewer <robin@example.org>" in commit.message
    history = reviewer_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    version = history.context["versions"][0]
    assert (version.who, version.approved_by) == ("Alex Editor", "Robin Reviewer")
    assert version.message.startswith("New opening")


def test_the_privacy_page_and_review_none_publish_straight_away(editor_client, pages, reviewer):
    pages.page("privacy.md", title="Privacy")
    pages.page("faq.md", title="Questions people often ask", review="none")
    for relpath in ("privacy.md", "faq.md"):
        row = row_for(editor_client, relpath)
        save_change(editor_client, row, body="Published at once.")
        assert "Published at once." in file_text(pages, relpath)
    assert not PendingVersion.objects.exists()


def test_without_any_reviewer_saves_publish_as_before(editor_client, pages):
    row = row_for(editor_client, "problem-areas/grief.md")
    save_change(editor_client, row)
    assert NEW_WORDS in file_text(pages, "problem-areas/grief.md")
    assert not PendingVersion.objects.exists()


def test_restoring_an_earlier_version_waits_for_review_too(
    editor_client, pages, reviewer, reviewer_client
):
    row = row_for(editor_client, "problem-areas/grief.md")
    save_change(editor_client, row)
    reviewer_client.post(review_url(row), {"_no_clinical_change": "1"})
    assert NEW_WORDS in file_text(pages, "problem-areas/grief.md")
    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    older = history.context["versions"][-1]  # the page before the editor's change
    version_url = reverse("admin:editor_contentpage_version", args=[row.pk, older.id])
    form = editor_client.get(version_url).context["form"]
    response = editor_client.post(version_url, {"base": form.initial["base"]}, follow=True)
    assert "Saved for clinical review." in response.content.decode()
    assert NEW_WORDS in file_text(pages, "problem-areas/grief.md")
    assert "Grief is the pain of losing someone." in PendingVersion.objects.get().text


def test_a_new_health_page_stays_a_draft_until_a_reviewer_approves_it(
    editor_client, pages, reviewer, reviewer_client, public
):
    from .test_pages_and_history import new_page_data

    response = editor_client.post(
        reverse("admin:editor_contentpage_add"), new_page_data(draft=""), follow=True
    )
    assert "Saved for clinical review." in response.content.decode()
    assert "draft: true" in file_text(pages, "problem-areas/loneliness.md")
    assert public.get("/problem-areas/loneliness/").status_code == 404
    row = PendingVersion.objects.get().page
    reviewer_client.post(
        review_url(row), {"reviewed_by": "Dr Robin Reviewer, psychologist", "_approve": "1"}
    )
    assert "draft" not in file_text(pages, "problem-areas/loneliness.md")
    assert "Feeling alone is common." in public.get("/problem-areas/loneliness/").text


def test_an_editor_can_withdraw_a_waiting_change(held, editor_client, pages):
    before = file_text(pages, "problem-areas/grief.md")
    assert "Withdraw the change" in editor_client.get(edit_url(held)).content.decode()
    response = editor_client.post(
        reverse("admin:editor_contentpage_withdraw", args=[held.pk]), follow=True
    )
    assert "Withdrawn. The page is as it was published." in response.content.decode()
    assert not PendingVersion.objects.exists()
    assert file_text(pages, "problem-areas/grief.md") == before
    assert "Grief is the pain of losing someone." in editor_client.get(edit_url(held)).text


def test_a_change_waiting_when_the_page_moves_is_approved_at_its_new_file(
    held, editor_client, pages, reviewer_client, public
):
    current = file_text(pages, "problem-areas/grief.md")
    services.move_page(
        "problem-areas/grief.md",
        "problem-areas/grief-and-loss.md",
        base=services.files.digest(current),
        user=None,
    )
    reviewer_client.post(
        review_url(held), {"reviewed_by": "Dr Robin Reviewer, psychologist", "_approve": "1"}
    )
    assert NEW_WORDS in file_text(pages, "problem-areas/grief-and-loss.md")
    assert not (pages.root / "problem-areas/grief.md").exists()


@pytest.mark.parametrize(
    ("reviewed", "due"),
    [
        (datetime.date(2026, 12, 4), datetime.date(2027, 12, 4)),
        (datetime.date(2027, 3, 1), datetime.date(2028, 3, 1)),  # not 365 days: 29 Feb 2028
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_an_approved_page_is_due_again_on_the_same_date_a_year_on(reviewed, due):
    assert review.next_review(reviewed) == due


def test_a_new_page_is_due_for_review_when_an_approved_one_would_be():
    from ipt_site.editor.forms import NewPageForm

    today = timezone.localdate()
    assert NewPageForm.defaults()["next_review"] == review.next_review(today)


def test_a_change_is_kept_when_the_task_queue_cannot_take_the_reviewers_email(
    editor_client, pages, reviewer, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """The change is saved before its email is queued: a queue that fails then must not
    turn the saved change into an error page."""
    from django_tasks.backends.immediate import ImmediateBackend

    def refuse(*args, **kwargs):
        raise OSError("the task queue is down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", refuse)
    row = row_for(editor_client, "problem-areas/grief.md")
    with django_capture_on_commit_callbacks(execute=True):
        save_change(editor_client, row)
    assert NEW_WORDS in PendingVersion.objects.get().text
    assert mail.outbox == []
    assert "the task queue is down" in caplog.text
