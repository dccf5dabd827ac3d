"""Exact purges: a content publish or a therapist change tells the edge to forget exactly
the pages it affects, by a task queued after the commit (nothing for a rollback), through
the backend IPT_EDGE_PURGE names; a failed purge is tried again."""

import json
import os

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus

from ipt_site.pagecache import purge
from ipt_site.therapists.models import Therapist
from ipt_site.web import edge as web_edge
from tests.pagecache.fakeedge import FakeEdge
from tests.therapists.conftest import create_therapist

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ports():
    os.environ.setdefault("IPT_BENCH_PORTS", "")


@pytest.fixture
def cdn(settings):
    with FakeEdge() as fake:
        settings.EDGE_PURGE = "fastly"
        settings.EDGE_PURGE_URLS = [fake.base]
        settings.EDGE_PURGE_SERVICE = "svc123"
        settings.EDGE_PURGE_TOKEN = "token-abc"
        yield fake


@pytest.fixture
def site(content):
    content.page("problem-areas/_index.md", title="Problem areas")
    content.page("problem-areas/grief.md", title="Grief and loss", body="Grief words.")
    content.page("faq.md", title="Questions", body="Answers here.")
    return content


def test_a_body_only_edit_purges_that_page_and_search_after_commit(
    site, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site.page("faq.md", title="Questions", body="New answers.")
        assert cdn.requests == []  # nothing leaves before the commit
    assert cdn.keys() == [["/faq/", "/search/"]]
    (call,) = cdn.requests
    assert call["method"] == "POST" and call["path"] == "/service/svc123/purge"
    assert call["headers"]["Fastly-Key"] == "token-abc"


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Common questions"},  # menus and lists show titles
        {"summary": "Short answers."},
        {"order": "3"},
    ],
)
def test_an_edit_other_pages_show_purges_content(
    site, cdn, django_capture_on_commit_callbacks, change
):
    fields = {"title": "Questions", "body": "Answers here.", **change}
    with django_capture_on_commit_callbacks(execute=True):
        site.page("faq.md", **fields)
    assert cdn.keys() == [["content"]]


def test_a_new_or_deleted_page_purges_content(site, cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site.page("new-page.md", title="New page")
    with django_capture_on_commit_callbacks(execute=True):
        site.remove("faq.md")
    assert cdn.keys() == [["content"], ["content"]]


def test_a_sync_that_changes_nothing_purges_nothing(site, cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site.sync()
    assert cdn.requests == []


def test_a_therapist_change_purges_data_once_per_transaction_after_commit(
    site, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create_therapist(name="Ada Lovegood", areas=["grief"])  # several saves and links
        assert cdn.requests == []
    assert cdn.keys() == [["data"]]
    with django_capture_on_commit_callbacks(execute=True):
        Therapist.objects.update(name="Ada Brightwater")  # no signal: the admin's way
        purge.data_changed()
    assert cdn.keys() == [["data"], ["data"]]


def test_a_rolled_back_change_queues_nothing(site, cdn, django_capture_on_commit_callbacks):
    therapist = create_therapist(name="Ada Lovegood")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        therapist.name = "Changed"
        therapist.save()
        site.page("faq.md", title="Questions", body="Edited, then undone.")
        raise RuntimeError("the save failed")
    assert callbacks == [] and cdn.requests == []


def test_with_no_backend_nothing_is_queued(site, settings, django_capture_on_commit_callbacks):
    settings.EDGE_PURGE = "none"
    with django_capture_on_commit_callbacks() as callbacks:
        create_therapist(name="Ada Lovegood")
        site.page("faq.md", title="Renamed")
    assert [c for c in callbacks if hasattr(c, "edge_keys")] == []


def test_cloudflare_gets_the_tags_as_json(site, cdn, settings, django_capture_on_commit_callbacks):
    settings.EDGE_PURGE = "cloudflare"
    settings.EDGE_PURGE_SERVICE = "zone9"
    with django_capture_on_commit_callbacks(execute=True):
        site.page("faq.md", title="Questions", body="New answers.")
    (call,) = cdn.requests
    assert call["path"] == "/zones/zone9/purge_cache"
    assert call["headers"]["Authorization"] == "Bearer token-abc"
    assert json.loads(call["body"]) == {"tags": ["/faq/", "/search/"]}


def test_nginx_purges_each_encoding_of_exact_addresses(
    site, cdn, settings, django_capture_on_commit_callbacks
):
    settings.EDGE_PURGE = "nginx"
    cdn.status = lambda method, path: 404 if "gzip" in path else 200  # 404: not cached
    with django_capture_on_commit_callbacks(execute=True):
        site.page("faq.md", title="Questions", body="New answers.")
    assert sorted((r["method"], r["path"]) for r in cdn.requests) == [
        ("PURGE", f"/{encoding}{path}")
        for encoding in ("br", "gzip", "id")
        for path in ("/faq/", "/search/")
    ] and all(r["method"] == "PURGE" for r in cdn.requests)


def test_nginx_purges_every_listed_address_for_a_data_change(
    site, cdn, settings, django_capture_on_commit_callbacks
):
    settings.EDGE_PURGE = "nginx"
    with django_capture_on_commit_callbacks(execute=True):
        therapist = create_therapist(name="Ada Lovegood")
    purged = {r["path"].split("/", 2)[2] for r in cdn.requests}
    purged = {"/" + path for path in purged}
    for path in (
        "/", "/faq/", "/problem-areas/grief/", therapist.get_absolute_url(), "/therapists/",
        "/sitemap.xml", "/robots.txt", "/articles/",
    ):  # fmt: skip
        assert path in purged, path
    assert not any("?" in path for path in purged)
    assert len(cdn.requests) == 3 * len(purged)


@pytest.mark.django_db(transaction=True)
def test_a_failed_purge_is_tried_again_later(content, cdn, task_queue):
    cdn.status = 503
    create_therapist(name="Ada Lovegood")  # autocommit: the purge is queued at once
    task_queue.run()
    first, second = task_queue.rows(task_path=web_edge.purge_edge.module_path)
    assert first.status == TaskResultStatus.FAILED
    assert second.status == TaskResultStatus.READY
    assert second.args_kwargs == {"args": [["data"]], "kwargs": {"attempt": 2}}
    cdn.status = 200
    task_queue.time_passes()
    task_queue.run()
    second.refresh_from_db()
    assert second.status == TaskResultStatus.SUCCESSFUL
    assert cdn.keys() == [["data"], ["data"]]


def test_an_article_body_edit_purges_content(site, cdn, django_capture_on_commit_callbacks):
    for body in ("One.", "Two."):
        with django_capture_on_commit_callbacks(execute=True):
            site.page("articles/first-steps.md", title="First steps", date="2026-01-02", body=body)
    assert cdn.keys() == [["content"], ["content"]]  # the list and the feed quote articles
