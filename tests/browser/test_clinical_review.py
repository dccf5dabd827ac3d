"""Clinical review in a real browser: an editor changes a health page, the public still
sees the published one, a clinical reviewer sees the diff and approves it, the public page
changes. axe on the review screens, at phone and desktop widths."""

from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passw0rd-for-review"
NEW_WORDS = "Grief changes over time, and talking with someone can help."


@pytest.fixture
def review_site(site, content):
    from django.apps import apps

    # The previous browser test's flush removed the groups the data migrations made.
    import_module("ipt_site.editor.migrations.0002_content_editors_group").create_group(apps, None)
    import_module("ipt_site.editor.migrations.0007_clinical_reviewers_group").create_group(
        apps, None
    )
    content.page("problem-areas/_index.md", title="Problem areas", order=1)
    content.page(
        "problem-areas/grief.md",
        title="Grief and loss",
        order=1,
        body="## What it is\n\nGrief is the pain of losing someone you love.",
    )
    users = get_user_model().objects
    writer = users.create_user("alex", "alex@example.org", PASSWORD, first_name="Alex")
    writer.groups.add(Group.objects.get(name="Content editors"))
    doctor = users.create_user(
        "asha", "asha@example.org", PASSWORD, first_name="Asha", last_name="Patel"
    )
    doctor.groups.add(Group.objects.get(name="Clinical reviewers"))
    return site, content


def sign_in(page, site, username):
    page.context.clear_cookies()
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Pages")).to_be_visible()


def test_an_editor_changes_a_page_a_reviewer_approves_it_and_the_page_changes(page, review_site):
    site, content = review_site
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, site, "alex")
    page.get_by_role("link", name="Pages").click()
    page.get_by_role("link", name="Grief and loss").click()
    page.get_by_label("Page text").fill(f"## What it is\n\n{NEW_WORDS}")
    page.get_by_label("What did you change? (optional)").fill("Kinder opening")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved for clinical review.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="This change is waiting for clinical review")
    ).to_be_visible()
    assert violations(page) == []
    screenshot(page, "review-edit-waiting")

    page.goto(site + "/problem-areas/grief/")
    expect(page.get_by_text("Grief is the pain of losing someone you love.")).to_be_visible()
    expect(page.get_by_text(NEW_WORDS)).to_have_count(0)

    sign_in(page, site, "asha")
    page.get_by_role("link", name="Pages").click()
    expect(page.get_by_role("link", name="Waiting for review")).to_have_count(2)  # + filter
    assert violations(page) == []
    screenshot(page, "review-list")
    page.locator("#result_list").get_by_role("link", name="Waiting for review").click()
    expect(page.locator("h1")).to_have_text("Review the change to “Grief and loss”")
    expect(page.locator("ins", has_text=NEW_WORDS)).to_be_visible()
    expect(page.get_by_label("Your name and role, as readers see it")).to_have_value("Asha Patel")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == []
        screenshot(page, "review-screen")
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="See the change as the public would").click()
    preview = popup_info.value
    expect(preview.get_by_text(NEW_WORDS)).to_be_visible()
    preview.close()

    # A name without a role is refused, and said why; nothing is published.
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".editor-error-summary")).to_contain_text("a comma and a role")
    assert violations(page) == []
    screenshot(page, "review-screen-error")
    page.get_by_label("Your name and role, as readers see it").fill(
        "Dr Asha Patel, clinical psychologist"
    )
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved and published.")).to_be_visible()

    page.goto(site + "/problem-areas/grief/")
    expect(page.get_by_text(NEW_WORDS)).to_be_visible()
    expect(page.get_by_text("Dr Asha Patel").first).to_be_visible()


def test_a_sent_back_change_shows_the_reason_to_its_author(page, review_site):
    site, content = review_site
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, site, "alex")
    page.get_by_role("link", name="Pages").click()
    page.get_by_role("link", name="Grief and loss").click()
    page.get_by_label("Page text").fill(f"## What it is\n\n{NEW_WORDS}")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved for clinical review.")).to_be_visible()
    screenshot(page, "review-edit-waiting")

    sign_in(page, site, "asha")
    page.goto(site + "/admin/editor/contentpage/?status=waiting")
    page.get_by_role("link", name="Waiting for review").first.click()
    page.get_by_label("Why are you sending it back?").fill("Please name the source.")
    page.get_by_role("button", name="Send back").click()
    expect(page.get_by_text("Sent back to its author with your reason.")).to_be_visible()

    sign_in(page, site, "alex")
    page.get_by_role("link", name="Pages").click()
    page.get_by_role("link", name="Grief and loss").click()
    expect(page.get_by_role("heading", name="Sent back by Asha Patel")).to_be_visible()
    expect(page.get_by_text("Please name the source.")).to_be_visible()
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == []
        screenshot(page, "review-sent-back")
    page.goto(site + "/problem-areas/grief/")
    expect(page.get_by_text(NEW_WORDS)).to_have_count(0)
