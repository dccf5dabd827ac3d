"""The content sync: the database's index follows the folder, a typo never takes a page
down, and app servers with their own copies of the folder share one database."""

import logging
import shutil
import threading

import pytest
from django.db import connection

from ipt_site.pagecache import versions
from ipt_site.pages import files
from ipt_site.pages.checks import check_content
from ipt_site.pages.models import Page
from ipt_site.pages.sync import sync

pytestmark = pytest.mark.django_db

BROKEN_TITLE = "---\ntitle: FAQ: your questions\nsummary: Answers.\n---\n\nNew text.\n"


def codes(relpath):
    return [problem["code"] for problem in Page.objects.get(relpath=relpath).problems]


def content_version():
    return versions.content_version()


# --- One folder ------------------------------------------------------------------------


def test_a_broken_edit_keeps_the_last_good_version_live(client, content, caplog):
    content.page("faq.md", title="FAQ", body="Good text.")
    with caplog.at_level(logging.WARNING, logger="ipt_site.pages.sync"):
        content.write("faq.md", BROKEN_TITLE, dedent=False)
    response = client.get("/faq/")
    assert response.status_code == 200
    assert "Good text." in response.text and "New text." not in response.text
    assert any("faq.md" in record.getMessage() for record in caplog.records)
    # Staff are told: the YAML problem with its line, and that the old version is live.
    assert codes("faq.md") == ["E001", "E014"]
    messages = {m.id: m.msg for m in check_content()}
    assert "content/faq.md, line 2" in messages["content.E001"]
    assert "still shows the last version" in messages["content.E014"]
    # Fixing the file publishes it.
    content.page("faq.md", title="FAQ", body="Fixed text.")
    assert "Fixed text." in client.get("/faq/").text
    assert codes("faq.md") == []


def test_a_broken_file_with_no_good_version_is_withheld_but_listed(client, content):
    content.write("faq.md", BROKEN_TITLE, dedent=False)
    assert client.get("/faq/").status_code == 404
    row = Page.objects.get(relpath="faq.md")
    assert not row.served and row.errors == 1 and codes("faq.md") == ["E001"]


def test_a_sync_with_nothing_to_do_changes_nothing(content):
    content.page("a.md", title="A")
    before = content_version(), list(Page.objects.values_list("relpath", "updated"))
    result = sync()
    assert not result.changed and not result.refreshed
    assert (content_version(), list(Page.objects.values_list("relpath", "updated"))) == before


def test_one_sync_that_changes_several_files_bumps_the_content_version_once(content):
    before = int(content_version().split("+")[0])
    (content.root / "a.md").write_text(content.root.joinpath("_index.md").read_text())
    (content.root / "b.md").write_text(content.root.joinpath("_index.md").read_text())
    assert sorted(sync().imported) == ["a.md", "b.md"]
    assert int(content_version().split("+")[0]) == before + 1


def test_a_moved_file_keeps_its_row(client, content):
    content.page("old-name.md", title="Moving")
    pk = Page.objects.get(relpath="old-name.md").pk
    (content.root / "old-name.md").rename(content.root / "new-name.md")
    result = sync()
    assert result.imported == ["new-name.md"] and result.removed == ["old-name.md"]
    assert Page.objects.get(pk=pk).url == "/new-name/"
    assert client.get("/old-name/").status_code == 404
    assert client.get("/new-name/").status_code == 200


def test_links_are_checked_again_when_the_addresses_change(content):
    content.page("a.md", title="A", body="See [b](/b/).")
    assert "W004" in codes("a.md")
    content.page("b.md", title="B")  # a.md itself did not change
    assert "W004" not in codes("a.md")
    content.remove("b.md")
    assert "W004" in codes("a.md")


def test_a_link_to_a_part_of_a_page_is_checked_again_when_that_page_changes(content):
    content.page("a.md", title="A", body="See [the part](/b/#the-part).")
    content.page("b.md", title="B", body="## The part\n\nWords.")
    assert "W006" not in codes("a.md")
    content.page("b.md", title="B", body="## Another part\n\nWords.")
    assert "W006" in codes("a.md")


def test_two_addresses_the_same_serve_the_first_file_and_report_the_other(client, content):
    content.page("topic.md", title="Topic page")
    content.page("topic/_index.md", title="Topic section")
    assert "Topic page" in client.get("/topic/").text
    assert codes("topic/_index.md") == ["E012"]


def test_a_nul_character_is_reported_never_stored(content):
    """PostgreSQL cannot store it: the sync must not fail on such a file."""
    content.write("nul.md", '---\ntitle: "A\\0B"\nsummary: Text.\n---\n\nBody\x00.\n', dedent=False)
    row = Page.objects.get(relpath="nul.md")
    assert "\x00" not in row.title + row.text and "E015" in codes("nul.md")


@pytest.mark.django_db(transaction=True)
def test_two_syncs_at_once_leave_one_index_and_one_new_version(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    home = (settings.BASE_DIR / "content" / "_index.md").read_text()
    for number in range(30):
        (tmp_path / f"page-{number}.md").write_text(home.replace("template: home", ""))
    (tmp_path / "_index.md").write_text(home + "\nThis folder's own home page.\n")
    before = int(content_version().split("+")[0])
    start, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            start.wait()
            results.append(sync())
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(len(result.imported) for result in results) == [0, 31]
    assert Page.objects.count() == 31
    versions.reset_for_tests()
    assert int(content_version()) == before + 1


# --- Several servers, each with its own folder, one database ----------------------------


@pytest.fixture
def servers(content, tmp_path, settings, django_user_model):
    """Server A's folder (the `content` fixture) and server B's copy of it, both synced."""
    content.page("faq.md", title="FAQ", body="First words.")
    copy = tmp_path / "server-b"
    shutil.copytree(content.root, copy)

    class Servers:
        user = django_user_model.objects.create_user("editor", "e@example.org", "x")
        a, b = content.root, copy

        def on(self, folder):
            settings.CONTENT_DIR = folder
            return self

    on = Servers()
    on.on(copy)
    sync()  # B's first deploy: its files are the database's
    on.on(content.root)
    return on


def save_on(servers, folder, relpath, text):
    from ipt_site.editor import services

    servers.on(folder)
    current = Page.objects.get(relpath=relpath).text
    return services.save_page(relpath, text, base=files.digest(current), user=servers.user)


def test_an_edit_on_a_is_not_reverted_by_a_sync_on_b_whose_file_is_old(client, servers):
    old = (servers.b / "faq.md").read_text()
    save_on(servers, servers.a, "faq.md", old.replace("First words.", "Edited on A."))
    assert "Edited on A." in client.get("/faq/").text  # served from the database, on any server
    servers.on(servers.b)
    result = sync()  # B's next deploy
    assert result.refreshed == ["faq.md"] and not result.changed
    assert "Edited on A." in (servers.b / "faq.md").read_text()  # B's copy brought up to date
    assert "Edited on A." in client.get("/faq/").text


def test_a_new_server_with_an_old_checkout_gets_the_new_text(client, servers, tmp_path):
    checkout = tmp_path / "server-c"
    shutil.copytree(servers.b, checkout)  # a fresh checkout of the old version
    old = (checkout / "faq.md").read_text()
    save_on(servers, servers.a, "faq.md", old.replace("First words.", "Edited on A."))
    servers.on(checkout)
    assert sync().refreshed == ["faq.md"]
    assert "Edited on A." in (checkout / "faq.md").read_text()


def test_a_hand_edit_or_a_git_pull_on_b_is_imported_even_back_to_an_old_version(client, servers):
    old = (servers.b / "faq.md").read_text()
    servers.on(servers.b)
    (servers.b / "faq.md").write_text(old.replace("First words.", "Pulled on B."))
    assert sync().imported == ["faq.md"]
    assert "Pulled on B." in client.get("/faq/").text
    (servers.b / "faq.md").write_text(old)  # `git revert`: a version the database has held
    assert sync().imported == ["faq.md"]
    assert "First words." in client.get("/faq/").text


def test_pages_created_and_deleted_on_a_follow_on_b(client, servers, tmp_path):
    from ipt_site.editor import services

    text = (servers.a / "faq.md").read_text().replace("title: FAQ", "title: New page")
    servers.on(servers.a)
    services.create_page("new-page.md", text, user=servers.user)
    checkout = tmp_path / "server-c"
    shutil.copytree(servers.b, checkout)  # never had the new page
    for folder in (servers.b, checkout):
        servers.on(folder)
        assert sync().refreshed == ["new-page.md"]
        assert (folder / "new-page.md").read_text() == text
    servers.on(servers.a)
    services.delete_page("new-page.md", base=files.digest(text), user=servers.user)
    servers.on(servers.b)
    assert sync().refreshed == ["new-page.md"]
    assert not (servers.b / "new-page.md").exists()
    assert client.get("/new-page/").status_code == 404


def test_a_file_deleted_by_hand_on_b_is_deleted(client, servers):
    servers.on(servers.b)
    (servers.b / "faq.md").unlink()
    assert sync().removed == ["faq.md"]
    assert client.get("/faq/").status_code == 404


# --- Reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("url", ["/", "/section/", "/section/page-1/"])
def test_a_page_runs_the_same_few_queries_however_many_pages(
    client, content, django_assert_max_num_queries, count, url
):
    for number in range(count):
        path = content.root / "section" / f"page-{number}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: Page {number}\nsummary: About it.\n---\n\nSee [home](/).\n")
    content.page("section/_index.md", title="Section")
    content.sync()  # the whole folder, as `manage.py sync_content` does
    # The versions, the page, its breadcrumbs, its siblings or children (the home page
    # also shows the problem areas).
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_sync_content_all_reads_every_file_again(content, capsys):
    from django.core.management import call_command

    content.page("a.md", title="A")
    Page.objects.filter(relpath="a.md").update(words=0, title="Stale")  # as after a new column
    call_command("sync_content")
    assert Page.objects.get(relpath="a.md").title == "Stale"  # unchanged files are not read
    call_command("sync_content", "--all")
    row = Page.objects.get(relpath="a.md")
    assert row.title == "A" and row.words > 0
    assert "2 changed here" in capsys.readouterr().out


def test_rows_written_by_an_older_reading_are_read_again_at_the_next_deploy_sync(client, content):
    """A release that fills a new column (reviewed_by) needs no `sync_content --all`."""
    from django.core.management import call_command

    from ipt_site.pagecache.models import Version
    from ipt_site.pages.sync import ROW_SCHEMA, ROW_SCHEMA_NAME

    content.page("a.md", title="A", reviewed="2026-01-05", reviewed_by="Dr Ann Lee, psychologist")
    # The rows as the previous release wrote them: no reviewer, no schema mark.
    Page.objects.filter(relpath="a.md").update(reviewed_by="")
    Version.objects.filter(name=ROW_SCHEMA_NAME).delete()
    call_command("sync_content")
    assert Page.objects.get(relpath="a.md").reviewed_by == "Dr Ann Lee, psychologist"
    page = client.get("/a/").text
    assert "Reviewed by Dr Ann Lee, psychologist on <time" in page and "5 January 2026" in page
    assert Version.objects.get(name=ROW_SCHEMA_NAME).value == ROW_SCHEMA
    Page.objects.filter(relpath="a.md").update(reviewed_by="")
    call_command("sync_content")  # the mark is there now: unchanged files are not read
    assert Page.objects.get(relpath="a.md").reviewed_by == ""
