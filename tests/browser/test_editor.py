"""A content editor in a real browser: sign in, edit a page, preview, save, see it live;
axe on every editor page, at desktop and phone widths, and the editor without JavaScript."""

import re
import shutil
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passw0rd-for-editors"


@pytest.fixture
def editor_site(site, content):
    """The live site over a temporary content folder, and a member of Content editors."""
    from django.apps import apps

    # The previous browser test's flush removed the group its data migration made.
    import_module("ipt_site.editor.migrations.0002_content_editors_group").create_group(apps, None)
    content.page("problem-areas/_index.md", title="Problem areas", order=1)
    content.page(
        "problem-areas/grief.md",
        title="Grief and loss",
        order=1,
        body="## What it is\n\nGrief is the pain of losing someone you love.",
    )
    content.page("problem-areas/role-disputes.md", title="Role disputes", order=2)
    content.page("faq.md", title="Questions people often ask", order=5, body="[Old](/gone/)")
    user = get_user_model().objects.create_user(
        "robin", "robin@example.org", PASSWORD, is_staff=True, first_name="Robin"
    )
    user.groups.add(Group.objects.get(name="Content editors"))
    return site, content


def sign_in(page, site):
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Pages")).to_be_visible()


def test_sign_in_edit_preview_save_and_see_it_live(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site)
    page.get_by_role("link", name="Pages").click()
    expect(page.locator("h1")).to_have_text("Pages")
    expect(page.get_by_text("1 warning")).to_be_visible()
    assert violations(page) == []
    screenshot(page, "editor-list")

    page.get_by_role("link", name="Grief and loss").click()
    expect(page.locator("h1")).to_have_text("Edit “Grief and loss”")
    summary = page.get_by_label("Summary")
    summary.fill("When grief feels stuck, IPT may help you find your way back to life.")
    counter = page.locator(".editor-count")
    expect(counter).to_have_text("68 of 160 characters")
    summary.fill("x" * 170)
    expect(counter).to_contain_text("10 too many")
    summary.fill("When grief feels stuck, IPT may help you find your way back to life.")
    body = page.get_by_label("Page text")
    body.fill("## What it is\n\nGrief is love with nowhere to go. Edited in the browser.")
    page.get_by_label("What did you change? (optional)").fill("Warmer opening")
    assert violations(page) == []
    screenshot(page, "editor-edit")

    with page.expect_popup() as popup_info:
        page.get_by_role("button", name=re.compile("^Preview")).click()
    preview = popup_info.value
    preview.wait_for_load_state()
    expect(preview.locator("h1")).to_have_text("Grief and loss")
    expect(preview.locator(".preview-notice")).to_contain_text("Nothing has been saved yet")
    expect(preview.locator("main")).to_contain_text("Edited in the browser.")
    assert violations(preview) == []
    screenshot(preview, "editor-preview")
    preview.close()
    assert "Edited in the browser" not in (content.root / "problem-areas/grief.md").read_text()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved /problem-areas/grief/")
    assert violations(page) == []
    screenshot(page, "editor-saved")

    page.locator(".messagelist").get_by_role("link", name="See the page").click()
    page.wait_for_url("**/problem-areas/grief/")
    expect(page.locator("main")).to_contain_text("Grief is love with nowhere to go.")
    expect(page.locator(".page-lead")).to_contain_text("When grief feels stuck")


def test_the_editor_breaks_no_content_security_rule(page, editor_site):
    """Loaded and used without axe (whose own checks add inline styles the CSP blocks)."""
    site, content = editor_site
    blocked = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Security Policy" in msg.text else None
    )
    sign_in(page, site)
    page.goto(site + "/admin/editor/contentpage/")
    page.get_by_role("link", name="Grief and loss").click()
    page_admin = page.url.rsplit("/change/", 1)[0]
    page.get_by_label("Summary").fill("A new summary for the page.")
    expect(page.locator(".editor-count")).to_have_text("27 of 160 characters")
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name=re.compile("^Preview")).click()
    popup_info.value.wait_for_load_state()
    for path in ("history/", "images/", "share/", "move/", "delete/", "raw/"):
        page.goto(f"{page_admin}/{path}")
        expect(page.locator("h1")).to_be_visible()
    page.goto(site + "/admin/editor/contentpage/health/")
    page.goto(site + "/admin/editor/contentpage/add/")
    assert blocked == []


def test_every_editor_page_passes_axe_at_both_widths(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site)
    page.goto(site + "/admin/editor/contentpage/")
    page.get_by_role("link", name="Grief and loss").click()
    edit_url = page.url
    pk = re.search(r"/contentpage/(\d+)/", edit_url)[1]
    # A save gives the history two versions to show and compare.
    page.get_by_label("Page text").fill("## What it is\n\nA second version.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()

    paths = {
        "list": "/admin/editor/contentpage/",
        "list-filtered": "/admin/editor/contentpage/?problems=warnings",
        "edit": f"/admin/editor/contentpage/{pk}/change/",
        "add": "/admin/editor/contentpage/add/",
        "whole-file": f"/admin/editor/contentpage/{pk}/raw/",
        "history": f"/admin/editor/contentpage/{pk}/history/",
        "move": f"/admin/editor/contentpage/{pk}/move/",
        "delete": f"/admin/editor/contentpage/{pk}/delete/",
        "share": f"/admin/editor/contentpage/{pk}/share/",
        "images": f"/admin/editor/contentpage/{pk}/images/",
        "health": "/admin/editor/contentpage/health/",
        "deleted": "/admin/editor/contentpage/deleted/",
        "guide": "/admin/editor/contentpage/guide/",
        "due": "/admin/editor/contentpage/due/",
    }
    # A scheduled page, for the list's schedule column and the Due view.
    soon = timezone.localtime(timezone.now() + timedelta(days=4))
    content.page("notices.md", title="Christmas hours", publish_at=f"{soon:%Y-%m-%d} 09:00")
    shutil.copy(settings.BASE_DIR / "content" / "README.md", content.root / "README.md")
    failures = {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths.items():
            page.goto(site + path)
            assert page.locator("h1").count() == 1, path
            found = violations(page)
            if found:
                failures[f"{path} at {width}"] = found
            screenshot(page, f"editor-{name}")
    for width in (390, 1366):  # the schedule's screens, at the widths people review
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("due", "list"):
            page.goto(site + paths[name])
            screenshot(page, f"editor-schedule-{name}")

    # Pages that only appear after an action.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + paths["history"])
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.locator("h1")).to_contain_text("Changes to")
    failures.update({"compare": violations(page)} if violations(page) else {})
    screenshot(page, "editor-compare")

    page.goto(site + paths["share"])
    page.get_by_role("button", name="Make a preview link").click()
    link = page.get_by_label(re.compile("^Preview link")).input_value()
    failures.update({"share-made": violations(page)} if violations(page) else {})
    page.goto(site + paths["edit"])
    page.get_by_label("Summary").fill("x" * 170)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("170 characters")
    failures.update({"edit-error": violations(page)} if violations(page) else {})
    screenshot(page, "editor-edit-error")
    assert failures == {}

    # The shared link opens for someone who is not signed in.
    context = page.context.browser.new_context()
    stranger = context.new_page()
    stranger.goto(link)
    expect(stranger.locator("h1")).to_have_text("Grief and loss")
    expect(stranger.locator(".preview-notice")).to_contain_text("This link works until")
    assert violations(stranger) == []
    context.close()


def test_the_editor_works_without_javascript(browser, editor_site):
    site, content = editor_site
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, site)
    page.goto(site + "/admin/editor/contentpage/")
    page.get_by_role("link", name="Questions people often ask").click()
    expect(page.locator(".editor-count")).to_be_hidden()  # the count needs JavaScript
    page.get_by_label("Page text").fill("Written with JavaScript turned off.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved /faq/")
    assert "Written with JavaScript turned off." in (content.root / "faq.md").read_text()
    context.close()


def test_refusals_and_preview_links_read_well_and_pass_axe_at_both_widths(
    page, editor_site, monkeypatch
):
    """Issue 21's staff pages: a refused whole-file save, a full disk, the live preview
    links on the share page and in the history, and a turned-off link."""
    import errno
    import os

    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    page.goto(site + "/admin/editor/contentpage/")
    page.get_by_role("link", name="Grief and loss").click()
    pk = re.search(r"/contentpage/(\d+)/", page.url)[1]
    base = f"{site}/admin/editor/contentpage/{pk}"
    for _ in range(2):
        page.goto(base + "/share/")
        page.get_by_role("button", name="Make a preview link").click()
    link = page.get_by_label(re.compile("^Preview link")).input_value()

    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    failures = {}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/raw/")
        text = page.get_by_label("The whole page file").input_value()
        page.get_by_label("The whole page file").fill(
            text.replace("order: 1", "order: 1\nextra: &a [x, x]\nmore: *a")
        )
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator("#error-summary")).to_contain_text("an alias (*)")
        failures[f"raw-error {width}"] = violations(page)
        screenshot(page, "editor-raw-alias-error")

        page.goto(base + "/change/")
        page.get_by_label("Page text").fill("## What it is\n\nWords typed as the disk filled.")
        with monkeypatch.context() as patch:
            patch.setattr("ipt_site.pages.files.os.fsync", disk_full)
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.locator("#error-summary")).to_contain_text("the disk is full")
        expect(page.get_by_label("Page text")).to_have_value(
            "## What it is\n\nWords typed as the disk filled."
        )
        failures[f"disk-full {width}"] = violations(page)
        screenshot(page, "editor-disk-full")

        for name in ("share", "history"):
            page.goto(f"{base}/{name}/")
            expect(page.get_by_role("heading", name="Live preview links")).to_be_visible()
            failures[f"{name} {width}"] = violations(page)
            screenshot(page, f"editor-{name}-links")

    page.goto(base + "/history/")
    page.get_by_role("button", name=re.compile("^Turn off")).first.click()
    expect(page.locator(".messagelist")).to_contain_text("turned off")
    context = page.context.browser.new_context()
    stranger = context.new_page()
    for width in (1366, 390):
        stranger.set_viewport_size({"width": width, "height": 900})
        stranger.goto(link)
        expect(stranger.locator("h1")).to_have_text("This preview link has been turned off")
        failures[f"turned-off {width}"] = violations(stranger)
        screenshot(stranger, "preview-turned-off")
    context.close()
    assert {name: found for name, found in failures.items() if found} == {}
