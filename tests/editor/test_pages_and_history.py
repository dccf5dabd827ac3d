"""Create, move, delete and bring back pages; history, comparing and restoring; git."""

import datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.urls import reverse
from django.utils import timezone
from dulwich.diff_tree import tree_changes
from dulwich.repo import Repo

from ipt_site.editor.models import ContentPage, Revision

from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def save(client, row, **changes):
    data = form_data(client.get(edit_url(row)))
    data.update(changes)
    response = client.post(edit_url(row), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def new_page_data(**fields):
    today = timezone.localdate()
    return {
        "section": "problem-areas",
        "slug": "loneliness",
        "title": "Loneliness",
        "summary": "Feeling alone can go with low mood. IPT may help.",
        "order": "5",
        "reviewed": today.isoformat(),
        "next_review": (today + datetime.timedelta(days=365)).isoformat(),
        "references": "Weissman, M. M. (2018). The Guide to Interpersonal Psychotherapy.",
        "draft": "on",
        "template": "",
        "body": "## What it is\n\nFeeling alone is common.",
        "message": "First draft",
        **fields,
    }


# --- Create ------------------------------------------------------------------------------


def test_the_add_form_starts_a_draft_reviewed_today(editor_client, pages):
    response = editor_client.get(reverse("admin:editor_contentpage_add") + "?section=faq")
    form = response.context["form"]
    assert form["draft"].value() is True
    assert form["reviewed"].value() == timezone.localdate()
    html = response.content.decode()
    assert '<option value="problem-areas">/problem-areas/</option>' in html


def test_create_a_page_in_a_section(editor_client, pages, public, editor):
    response = editor_client.post(reverse("admin:editor_contentpage_add"), new_page_data())
    assert response.status_code == 302
    text = (pages.root / "problem-areas/loneliness.md").read_text()
    assert text.startswith("---\ntitle: Loneliness\nsummary: Feeling alone can go with low")
    assert 'references:\n  - "Weissman, M. M. (2018).' in text
    assert "draft: true\n---\n\n## What it is\n\nFeeling alone is common.\n" in text
    row = ContentPage.objects.get(relpath="problem-areas/loneliness.md")
    assert response["Location"] == edit_url(row)
    assert Revision.objects.get(action="create").user == editor

    # A draft: hidden from the public, shown to signed-in staff with a notice.
    assert public.get("/problem-areas/loneliness/").status_code == 404
    staff_view = editor_client.get("/problem-areas/loneliness/")
    assert staff_view.status_code == 200
    assert "Only signed-in staff can see this page" in staff_view.content.decode()
    assert "Edit this page" in staff_view.content.decode()


def test_create_a_new_section_with_its_landing_page(editor_client, pages, public):
    data = new_page_data(section="", slug="groups", landing="on", draft="", title="Groups")
    assert editor_client.post(reverse("admin:editor_contentpage_add"), data).status_code == 302
    assert (pages.root / "groups/_index.md").exists()
    assert public.get("/groups/").status_code == 200


def test_create_refuses_an_address_that_is_taken(editor_client, pages):
    data = new_page_data(slug="grief", body="My new words.")
    response = editor_client.post(reverse("admin:editor_contentpage_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already a page at /problem-areas/grief/" in html
    assert "My new words." in html
    assert "My new words." not in (pages.root / "problem-areas/grief.md").read_text()


def test_create_refuses_a_bad_file_name(editor_client, pages):
    data = new_page_data(slug="Bad_Name")
    response = editor_client.post(reverse("admin:editor_contentpage_add"), data)
    assert "Use only lower-case letters" in response.content.decode()
    assert not list(pages.root.rglob("*ad_*"))


def test_preview_of_a_new_page(editor_client, pages):
    data = new_page_data(_preview="1")
    response = editor_client.post(reverse("admin:editor_contentpage_add"), data)
    html = response.content.decode()
    assert "<h1>Loneliness</h1>" in html and "Feeling alone is common." in html
    assert not (pages.root / "problem-areas/loneliness.md").exists()


# --- Move --------------------------------------------------------------------------------


def test_move_a_page_and_its_old_address_redirects(editor_client, pages, public):
    row = row_for(editor_client, "problem-areas/grief.md")
    move_url = reverse("admin:editor_contentpage_move", args=[row.pk])
    base = editor_client.get(move_url).context["form"]["base"].value()
    response = editor_client.post(
        move_url, {"section": "problem-areas", "slug": "bereavement", "base": base}
    )
    assert response.status_code == 302
    assert not (pages.root / "problem-areas/grief.md").exists()
    assert (pages.root / "problem-areas/bereavement.md").exists()
    assert ContentPage.objects.get(pk=row.pk).relpath == "problem-areas/bereavement.md"

    old = public.get("/problem-areas/grief/?from=card")
    assert old.status_code == 301
    assert old["Location"] == "/problem-areas/bereavement/?from=card"
    assert public.get("/problem-areas/bereavement/").status_code == 200

    # The history follows the page to its new file.
    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    assert "Moved the page from /problem-areas/grief/ to /problem-areas/bereavement/" in (
        history.content.decode()
    )


def test_moving_twice_keeps_the_first_address_working(editor_client, pages, public):
    row = row_for(editor_client, "faq.md")
    move_url = reverse("admin:editor_contentpage_move", args=[row.pk])
    for slug in ("questions", "answers"):
        base = editor_client.get(move_url).context["form"]["base"].value()
        editor_client.post(move_url, {"section": "", "slug": slug, "base": base})
    assert public.get("/faq/")["Location"] == "/answers/"
    assert public.get("/questions/")["Location"] == "/answers/"
    assert Redirect.objects.count() == 2


def test_a_link_to_a_moved_page_is_reported_with_its_new_address(editor_client, pages):
    row = row_for(editor_client, "problem-areas/role-disputes.md")
    move_url = reverse("admin:editor_contentpage_move", args=[row.pk])
    base = editor_client.get(move_url).context["form"]["base"].value()
    editor_client.post(move_url, {"section": "", "slug": "disputes", "base": base})
    grief = row_for(editor_client, "problem-areas/grief.md")
    assert "has moved to /disputes/" in " ".join(p.message for p in grief.problem_list())


def test_move_refuses_a_taken_address(editor_client, pages):
    row = row_for(editor_client, "problem-areas/grief.md")
    move_url = reverse("admin:editor_contentpage_move", args=[row.pk])
    base = editor_client.get(move_url).context["form"]["base"].value()
    response = editor_client.post(
        move_url, {"section": "problem-areas", "slug": "role-disputes", "base": base}
    )
    assert "There is already a page at /problem-areas/role-disputes/" in response.content.decode()
    assert (pages.root / "problem-areas/grief.md").exists()


# --- Delete and bring back -----------------------------------------------------------------


def test_delete_asks_first_then_keeps_the_page_in_history(editor_client, pages, public):
    row = row_for(editor_client, "problem-areas/role-disputes.md")
    delete_url = reverse("admin:editor_contentpage_delete", args=[row.pk])
    original = (pages.root / "problem-areas/role-disputes.md").read_text()

    confirm = editor_client.get(delete_url)
    html = confirm.content.decode()
    assert (pages.root / "problem-areas/role-disputes.md").exists()
    assert "Delete “Role disputes”?" in html
    assert "Grief and loss" in html  # it links here: its link will break
    assert "Yes, delete the page" in html

    base = confirm.context["form"]["base"].value()
    response = editor_client.post(delete_url, {"base": base, "message": "No longer needed"})
    assert response.status_code == 302
    assert not (pages.root / "problem-areas/role-disputes.md").exists()
    assert public.get("/problem-areas/role-disputes/").status_code == 404
    assert not ContentPage.objects.filter(relpath="problem-areas/role-disputes.md").exists()

    deleted = editor_client.get(reverse("admin:editor_contentpage_deleted"))
    assert "content/problem-areas/role-disputes.md" in deleted.content.decode()
    back = editor_client.post(
        reverse("admin:editor_contentpage_deleted"),
        {"relpath": "problem-areas/role-disputes.md"},
    )
    assert back.status_code == 302
    assert (pages.root / "problem-areas/role-disputes.md").read_text() == original
    assert public.get("/problem-areas/role-disputes/").status_code == 200


def test_the_home_page_cannot_be_deleted(editor_client, pages):
    row = row_for(editor_client, "_index.md")
    delete_url = reverse("admin:editor_contentpage_delete", args=[row.pk])
    assert "cannot be deleted" in editor_client.get(delete_url).content.decode()
    editor_client.post(delete_url, {"base": "x"})
    assert (pages.root / "_index.md").exists()


def test_a_section_with_pages_cannot_be_deleted(editor_client, pages):
    row = row_for(editor_client, "problem-areas/_index.md")
    delete_url = reverse("admin:editor_contentpage_delete", args=[row.pk])
    assert "Move or delete those pages first" in editor_client.get(delete_url).content.decode()


# --- History -------------------------------------------------------------------------------


def test_history_compare_and_restore(editor_client, pages, public, editor):
    row = row_for(editor_client, "faq.md")
    save(editor_client, row, body="Version one.", message="First change")
    save(editor_client, row, body="Version two.", message="Second change")

    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    versions = history.context["versions"]
    assert [v.message for v in versions] == [
        "Second change",
        "First change",
        "The page as it was before it was first edited in the editor",
    ]
    assert versions[0].who == "Alex Editor"
    html = history.content.decode()
    assert "Second change" in html and "Alex Editor" in html

    compare = editor_client.get(
        reverse("admin:editor_contentpage_compare", args=[row.pk]),
        {"from": versions[1].id, "to": versions[0].id},
    )
    diff = compare.content.decode()
    assert "<del>Version one.</del>" in diff and "<ins>Version two.</ins>" in diff

    version_url = reverse("admin:editor_contentpage_version", args=[row.pk, versions[1].id])
    page = editor_client.get(version_url)
    assert "Version one." in page.content.decode()
    base = page.context["form"]["base"].value()
    assert editor_client.post(version_url, {"base": base}).status_code == 302
    assert "Version one." in (pages.root / "faq.md").read_text()
    assert "Version one." in public.get("/faq/").content.decode()
    restored = Revision.objects.first()
    assert restored.action == "restore" and restored.user == editor
    assert "Restored the version of" in restored.message


def test_compare_with_unknown_versions_goes_back_with_a_message(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    response = editor_client.get(
        reverse("admin:editor_contentpage_compare", args=[row.pk]), {"from": "r999"}, follow=True
    )
    assert "Choose two versions to compare." in response.content.decode()


# --- Git -----------------------------------------------------------------------------------


@pytest.fixture
def git_pages(pages):
    repo = Repo.init(str(pages.root))
    worktree = repo.get_worktree()
    worktree.stage([p.relative_to(pages.root).as_posix() for p in pages.root.rglob("*.md")])
    worktree.commit(
        message=b"The pages as written by hand",
        author=b"Hand Writer <hand@example.org>",
        committer=b"Hand Writer <hand@example.org>",
    )
    return pages, repo


def test_with_git_each_save_is_a_commit_by_the_editor(editor_client, git_pages, editor):
    pages, repo = git_pages
    row = row_for(editor_client, "faq.md")
    save(editor_client, row, body="Saved from the browser.", message="Browser edit")
    commit = repo[repo.head()]
    assert commit.message == b"Browser edit"
    assert commit.author == b"Alex Editor <alex@example.org>"
    assert Revision.objects.get(action="edit").commit == repo.head().decode()
    assert Revision.objects.get(action="edit").text is None  # git holds the text

    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    assert [v.who for v in history.context["versions"]] == ["Alex Editor", "Hand Writer"]


def test_with_git_a_hand_edit_becomes_its_own_commit_before_the_save(editor_client, git_pages):
    pages, repo = git_pages
    row = row_for(editor_client, "faq.md")
    path = pages.root / "faq.md"
    path.write_text(path.read_text().replace("Some text.", "Typed on the server."))
    pages.sync()
    save(editor_client, row, body="From the browser.")
    messages = [entry.commit.message.decode() for entry in repo.get_walker(paths=[b"faq.md"])]
    assert messages == [
        "Edited the page",
        "The page as it was on disk (changed outside the editor)",
        "The pages as written by hand",
    ]


def test_with_git_restore_move_and_delete(editor_client, git_pages, public):
    pages, repo = git_pages
    row = row_for(editor_client, "faq.md")
    original = (pages.root / "faq.md").read_text()
    save(editor_client, row, body="Changed in the browser.")

    versions = editor_client.get(
        reverse("admin:editor_contentpage_history", args=[row.pk])
    ).context["versions"]
    first = versions[-1]
    version_url = reverse("admin:editor_contentpage_version", args=[row.pk, first.id])
    base = editor_client.get(version_url).context["form"]["base"].value()
    editor_client.post(version_url, {"base": base})
    assert (pages.root / "faq.md").read_text() == original

    move_url = reverse("admin:editor_contentpage_move", args=[row.pk])
    base = editor_client.get(move_url).context["form"]["base"].value()
    editor_client.post(move_url, {"section": "", "slug": "questions", "base": base})
    assert public.get("/faq/")["Location"] == "/questions/"
    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    relpaths = [v.relpath for v in history.context["versions"]]
    assert relpaths[0] == "questions.md" and relpaths[-1] == "faq.md"  # followed through

    delete_url = reverse("admin:editor_contentpage_delete", args=[row.pk])
    base = editor_client.get(delete_url).context["form"]["base"].value()
    editor_client.post(delete_url, {"base": base})
    assert b"questions.md" not in b"".join(
        entry.path for entry in repo[repo[repo.head()].tree].items()
    )
    editor_client.post(reverse("admin:editor_contentpage_deleted"), {"relpath": "questions.md"})
    assert (pages.root / "questions.md").read_text() == original


def test_with_git_a_save_commits_only_its_page_not_what_was_staged_by_hand(
    editor_client, git_pages
):
    pages, repo = git_pages
    (pages.root / "notes.md").write_text("Half-finished notes staged on the server.\n")
    repo.get_worktree().stage(["notes.md"])
    row = row_for(editor_client, "faq.md")
    save(editor_client, row, body="Saved from the browser.", message="Browser edit")
    commit = repo[repo.head()]
    assert commit.message == b"Browser edit"
    changed = {
        change.new.path or change.old.path
        for change in tree_changes(repo.object_store, repo[commit.parents[0]].tree, commit.tree)
    }
    assert changed == {b"faq.md"}
    assert b"notes.md" in repo.open_index()  # still staged, for its owner to commit
