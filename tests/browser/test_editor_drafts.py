"""No lost typing, in a real browser: the draft kept in this browser is offered back after a
reload and restored; leaving with unsaved changes asks first (and saving or cancelling does
not); the notice before the sign-in ends, and a save after it ended leads back to the
draft; axe on each notice, at phone and desktop widths."""

import re

import pytest
from playwright.sync_api import expect

from . import test_editor
from .axe import violations
from .conftest import screenshot
from .test_editor import sign_in

editor_site = test_editor.editor_site  # the same fixture: a temporary site and an editor

pytestmark = pytest.mark.browser

DRAFT_KEYS = "() => Object.keys(localStorage).filter(k => k.startsWith('ipt-editor-draft:'))"


def open_grief(page, site):
    page.goto(site + "/admin/editor/contentpage/")
    page.get_by_role("link", name="Grief and loss").click()
    expect(page.locator("h1")).to_have_text("Edit “Grief and loss”")


def type_into(page, label, text):
    # Clicks and key presses, as a person types: browsers only ask before leaving a page
    # the person has interacted with.
    field = page.get_by_label(label)
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)


def wait_for_draft(page):
    page.wait_for_function(DRAFT_KEYS + ".length > 0")


def test_typing_is_offered_back_after_a_reload_and_restored(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    open_grief(page, site)
    type_into(page, "Summary", "Typed before the browser closed.")
    type_into(page, "Page text", "## What it is\n\nWords nobody saved yet.")
    wait_for_draft(page)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    assert dialogs == ["beforeunload"]  # the reload asked first

    notice = page.locator("#draft-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text(re.compile(r"You have unsaved changes from \d\d:\d\d\."))
    expect(notice.get_by_text("saved since then")).to_be_hidden()
    expect(page.get_by_label("Summary")).not_to_have_value("Typed before the browser closed.")
    assert violations(page) == []
    screenshot(page, "editor-draft-offered")
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []
    screenshot(page, "editor-draft-offered")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Keyboard only: Tab to the button, Enter.
    notice.get_by_role("button", name="Restore them").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Summary")).to_have_value("Typed before the browser closed.")
    expect(page.get_by_label("Page text")).to_have_value("## What it is\n\nWords nobody saved yet.")
    expect(page.locator(".editor-count")).to_have_text("32 of 160 characters")
    expect(notice).to_contain_text("Your changes are back in the form")
    expect(notice.locator(".editor-notice-text")).to_be_focused()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved /problem-areas/grief/")
    assert "Words nobody saved yet." in (content.root / "problem-areas/grief.md").read_text()
    assert page.evaluate(DRAFT_KEYS) == []  # a save that worked clears the draft
    assert dialogs == ["beforeunload"]  # saving did not ask
    page.reload()
    expect(page.locator("#draft-notice")).to_be_hidden()


def test_leaving_asks_first_but_cancelling_on_purpose_does_not(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    open_grief(page, site)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="History").click()  # nothing typed: no question
    expect(page.locator("h1")).to_contain_text("History")
    assert dialogs == []
    page.go_back()

    type_into(page, "Summary", "A change I may not keep.")
    page.get_by_role("link", name="History").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Summary")).to_have_value("A change I may not keep.")  # stayed

    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("h1")).to_have_text("Pages")
    assert dialogs == ["beforeunload"]  # Cancel did not ask
    assert page.evaluate(DRAFT_KEYS) == []  # and took the draft with it
    open_grief(page, site)
    expect(page.locator("#draft-notice")).to_be_hidden()


def test_a_draft_from_before_someone_else_saved_says_so_and_saving_it_shows_both(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    open_grief(page, site)
    type_into(page, "Page text", "## What it is\n\nMy version.")
    wait_for_draft(page)
    page.on("dialog", lambda dialog: dialog.accept())
    content.page("problem-areas/grief.md", title="Grief and loss", order=1, body="Theirs.")
    page.reload()
    notice = page.locator("#draft-notice")
    expect(notice.get_by_text("This page has been saved since then")).to_be_visible()
    expect(page.get_by_label("Page text")).to_have_value("Theirs.")
    notice.get_by_role("button", name="Restore them").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#conflict")).to_contain_text("someone else saved this page first")
    assert "Theirs." in (content.root / "problem-areas/grief.md").read_text()  # not overwritten
    expect(page.get_by_label("Page text")).to_have_value("## What it is\n\nMy version.")
    assert len(page.evaluate(DRAFT_KEYS)) == 1  # kept until a save works


def test_the_sign_in_ending_is_announced_and_a_save_after_it_leads_back_to_the_draft(
    page, editor_site, settings
):
    site, content = editor_site
    # A 2-minute idle limit (the warning comes 40 seconds before). The page's clock is
    # moved on by Playwright, so the test does not wait, and the server's sign-in is left
    # running on real time until the end, however slow the machine.
    settings.SESSION_IDLE_MINUTES = 2
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    page.clock.install()
    open_grief(page, site)
    type_into(page, "Summary", "Typed while the sign-in ran out.")
    notice = page.locator("#session-notice")
    page.clock.fast_forward(70_000)
    expect(notice).to_be_hidden()
    page.clock.fast_forward(15_000)
    expect(notice).to_contain_text("You will be signed out at")
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text("kept in this browser")
    assert violations(page) == []
    screenshot(page, "editor-session-warning")
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []
    screenshot(page, "editor-session-warning")
    page.set_viewport_size({"width": 1366, "height": 900})

    notice.get_by_role("button", name="Stay signed in").click()
    expect(notice).to_contain_text("You are still signed in.")  # the server said so
    page.clock.fast_forward(100_000)
    expect(notice).to_contain_text("You will be signed out at")  # counted again from now
    page.clock.fast_forward(25_000)
    expect(notice).to_contain_text("You have been signed out")
    screenshot(page, "editor-session-ended")
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []
    screenshot(page, "editor-session-ended")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Now let the server's side end too (3 idle seconds), then save.
    settings.SESSION_IDLE_MINUTES = 0.05
    page.wait_for_timeout(4_000)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Username")).to_be_visible()  # the sign-in page
    settings.SESSION_IDLE_MINUTES = 30
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill("a-long-passw0rd-for-editors")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Edit “Grief and loss”")
    draft = page.locator("#draft-notice")
    expect(draft).to_contain_text("You have unsaved changes from")
    draft.get_by_role("button", name="Restore them").click()
    expect(page.get_by_label("Summary")).to_have_value("Typed while the sign-in ran out.")


def test_the_new_page_form_keeps_a_draft_too_and_passes_axe(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    page.goto(site + "/admin/editor/contentpage/add/")
    type_into(page, "Title", "Coping at work")
    wait_for_draft(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(page.locator("#draft-notice")).to_contain_text("You have unsaved changes from")
    page.locator("#draft-notice").get_by_role("button", name="Discard").click()
    expect(page.locator("#draft-notice")).to_contain_text("discarded")
    expect(page.get_by_label("Title")).to_have_value("")
    assert page.evaluate(DRAFT_KEYS) == []
    assert violations(page) == []


def test_the_whole_file_form_keeps_its_draft_and_a_save_clears_it(page, editor_site):
    site, content = editor_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site)
    open_grief(page, site)
    page.get_by_role("link", name="Edit the whole file").click()
    text = page.get_by_label("The whole page file")
    typed = text.input_value().replace("Grief is the pain", "Grief, typed in the file, is the pain")
    text.click()
    text.fill(typed)
    text.press("End")
    wait_for_draft(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.locator("#draft-notice").get_by_role("button", name="Restore them").click()
    expect(page.get_by_label("The whole page file")).to_have_value(typed)
    assert violations(page) == []
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved /problem-areas/grief/")
    assert "typed in the file" in (content.root / "problem-areas/grief.md").read_text()
    assert page.evaluate(DRAFT_KEYS) == []
