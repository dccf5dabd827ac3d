"""Scheduled publishing: `publish_at` / `unpublish_at` in London time; not live outside them
(page, lists, sitemap, search, PDF, menu), and the page cache turns over at each time."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus

from ipt_site.pages import schedule
from ipt_site.pages.checks import check_text
from ipt_site.pages.models import Page

pytestmark = pytest.mark.django_db

TEXT = """---
title: A notice
summary: About a notice.
publish_at: {start}
unpublish_at: {end}
references:
  - "Test, A. (2020). A source."
---

Text.
"""


def london(moment) -> str:
    local = timezone.localtime(moment, schedule.london())
    if local.fold:
        # The hour London's clocks go back, seen the second time: staff typing it mean the
        # first (as the site reads it), so a time "in a minute" cannot be written then.
        pytest.skip("a London time in the repeated hour of the autumn clock change")
    return local.strftime("%Y-%m-%d %H:%M:%S")


def problems(start, end="", code=None):
    found = check_text("notice.md", TEXT.format(start=start, end=end))
    return [p for p in found if code is None or p.code == code]


# --- What staff type --------------------------------------------------------------------


def test_times_are_read_as_london_time_in_winter_and_summer():
    assert schedule.read_moment("2027-01-05 09:00")[0] == datetime(2027, 1, 5, 9, tzinfo=UTC)
    assert schedule.read_moment("2027-07-05 09:00")[0] == datetime(2027, 7, 5, 8, tzinfo=UTC)
    assert schedule.read_moment("2027-07-05T09:00:30")[0].second == 30
    # YAML's own readings: a date (midnight) and a date and time with seconds.
    import datetime as dt

    assert schedule.read_moment(dt.date(2027, 1, 5))[0] == datetime(2027, 1, 5, tzinfo=UTC)
    assert schedule.read_moment(dt.datetime(2027, 7, 5, 9))[0] == datetime(
        2027, 7, 5, 8, tzinfo=UTC
    )


def test_a_page_with_good_times_has_no_problem(content):
    assert problems("2027-01-05 09:00", "2027-02-05 17:30") == []


@pytest.mark.parametrize(
    ("start", "words"),
    [
        ("2027-02-30 09:00", "is not a real date and time"),
        ("2027-01-05 25:00", "is not a real date and time"),
        ("next Tuesday", "is not a date and time"),
        ("2027-02-30", "is not a real date"),
        ("2027-03-28 01:30", "the clocks skip"),  # 01:00 GMT is 02:00 BST that night
    ],
)
def test_a_bad_time_is_an_error_at_its_line(content, start, words):
    [found] = problems(start, code="E050")
    assert (found.level, found.field, found.line) == ("error", "publish_at", 4)
    assert words in found.message
    assert "publish_at: 2027-01-05 09:00" in found.message  # how to write it


def test_coming_down_before_going_live_is_an_error(content):
    [found] = problems("2027-02-05 09:00", "2027-01-05 09:00", code="E051")
    assert (found.level, found.field, found.line) == ("error", "unpublish_at", 5)


def test_the_editor_refuses_a_bad_time_at_its_field(content):
    from ipt_site.pages.sync import parse_file

    page, _ = parse_file("notice.md", TEXT.format(start="2027-13-01 09:00", end=""))
    assert page.publish_at is None  # ignored, never guessed
    assert [p["field"] for p in page.problems if p["level"] == "error"] == ["publish_at"]


# --- What the public sees ---------------------------------------------------------------


@pytest.fixture
def notices(content):
    content.page("notices/_index.md", title="Notices")
    return content


def scheduled(content, relpath="notices/closure.md", title="Closed at Christmas", **times):
    content.page(relpath, title=title, body="We are closed.", **times)
    return Page.objects.get(relpath=relpath)


def test_before_its_time_the_public_gets_a_404_and_no_list_shows_it(client, notices):
    later = timezone.now() + timedelta(days=3)
    scheduled(notices, publish_at=london(later))
    assert client.get("/notices/closure/").status_code == 404
    assert "Closed at Christmas" not in client.get("/notices/").text
    assert "/notices/closure/" not in client.get("/sitemap.xml").text
    assert "Closed at Christmas" not in client.get("/search/?q=closed").text


def test_after_its_end_the_public_gets_a_404(client, notices):
    ended = timezone.now() - timedelta(minutes=5)
    scheduled(notices, publish_at=london(ended - timedelta(days=1)), unpublish_at=london(ended))
    assert client.get("/notices/closure/").status_code == 404
    assert "Closed at Christmas" not in client.get("/notices/").text


def test_between_its_times_the_page_is_live(client, notices):
    now = timezone.now()
    start, end = now - timedelta(hours=1), now + timedelta(days=1)
    scheduled(notices, publish_at=london(start), unpublish_at=london(end))
    assert client.get("/notices/closure/").status_code == 200
    assert "Closed at Christmas" in client.get("/notices/").text
    assert "/notices/closure/" in client.get("/sitemap.xml").text


def test_the_selectors_compare_with_now_without_any_task(notices):
    """Correctness needs no task: a minute after the time, the page is live."""
    soon = timezone.now() + timedelta(minutes=5)
    scheduled(notices, publish_at=london(soon))
    assert not Page.objects.published().filter(url="/notices/closure/").exists()
    later = soon + timedelta(minutes=1)
    assert Page.objects.live(now=later).filter(url="/notices/closure/").exists()


# --- The cache turns over at the moment: a real worker ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_page_goes_live_and_comes_down_on_time_in_the_cached_list(
    client, notices, task_queue
):
    start = timezone.now() + timedelta(seconds=2)
    end = start + timedelta(seconds=2)
    scheduled(notices, publish_at=london(start), unpublish_at=london(end))
    # One turnover queued at each time, and nothing runs before it is due.
    waiting = task_queue.ready()
    assert sorted(row.run_after for row in waiting) == [
        start.replace(microsecond=0),
        end.replace(microsecond=0),
    ]
    assert task_queue.run() == 0
    listing = client.get("/notices/")
    assert "Closed at Christmas" not in listing.text
    assert client.get("/notices/").get("X-Page-Cache") == "hit"

    time.sleep(max(0, (start - timezone.now()).total_seconds()) + 0.1)
    assert task_queue.run() == 1  # the worker, as `db_worker` runs it
    listing = client.get("/notices/")
    assert listing.get("X-Page-Cache") == "miss"
    assert "Closed at Christmas" in listing.text
    assert client.get("/notices/closure/").status_code == 200
    assert "Closed at Christmas" in client.get("/search/?q=closed").text

    time.sleep(max(0, (end - timezone.now()).total_seconds()) + 0.1)
    assert task_queue.run() == 1
    assert "Closed at Christmas" not in client.get("/notices/").text
    assert client.get("/notices/closure/").status_code == 404
    assert all(row.status == TaskResultStatus.SUCCESSFUL for row in task_queue.rows())


@pytest.mark.django_db(transaction=True)
def test_changed_times_are_queued_again_and_unchanged_ones_are_not(notices, task_queue):
    first = timezone.now() + timedelta(days=2)
    scheduled(notices, publish_at=london(first))
    scheduled(notices, publish_at=london(first), title="Closed at Christmas (new title)")
    assert len(task_queue.ready()) == 1  # same time: nothing more to queue
    moved = first + timedelta(days=1)
    scheduled(notices, publish_at=london(moved))
    assert sorted(r.run_after for r in task_queue.ready())[-1] == moved.replace(microsecond=0)


def test_a_printable_guide_has_no_pdf_before_its_time(client, content):
    content.page("resources/_index.md", title="Resources")
    later = timezone.now() + timedelta(days=1)
    content.page("resources/plan.md", title="A plan", template="resource", body="Steps.")
    assert client.get("/resources/plan.pdf").status_code == 200
    content.page("resources/plan.md", title="A plan", template="resource", publish_at=london(later))
    assert client.get("/resources/plan.pdf").status_code == 404
    assert client.get("/resources/plan/").status_code == 404
