"""What a person does, end to end, in a real browser: mouse, keyboard, admin."""

import functools
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import expect

from ipt_site.contact.models import Enquiry
from ipt_site.therapists.models import Therapist

from . import keyboard
from .axe import violations
from .conftest import screenshot
from .keyboard import focused_is_visible_with_ring

pytestmark = pytest.mark.browser

GOOD_MESSAGE = "I have felt low since my dad died in the spring and would like to talk."


def test_from_home_to_a_stored_enquiry_with_the_mouse(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Problem areas").click()
    expect(page.locator("h1")).to_have_text(re.compile("problem", re.I))
    page.locator("main").get_by_role("link", name=re.compile("^Grief")).first.click()
    page.wait_for_url("**/problem-areas/grief/")
    page.get_by_role("link", name=re.compile("therapists for grief", re.I)).click()
    page.wait_for_url(re.compile(r"/therapists/\?.*area=grief"))
    expect(page.locator("#area-grief")).to_be_checked()

    page.get_by_label("Online").check()
    page.get_by_role("button", name="Show therapists").click()
    page.wait_for_url(re.compile(r"format=online"))
    assert "area=grief" in page.url
    status = page.locator(".results-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text(re.compile(r"\d+ therapists? match"))
    screenshot(page, "journey-directory-filtered")

    results = page.locator("main .therapist-card h3 a, main .therapist-card h2 a")
    name = results.first.inner_text().strip()
    results.first.click()
    expect(page.locator("h1")).to_contain_text(name)
    page.get_by_role("link", name=re.compile("^Send an enquiry")).first.click()
    page.wait_for_url(re.compile(r"/contact/\?therapist="))
    chosen = page.locator("#id_therapist option:checked").inner_text()
    assert chosen.startswith(name)

    page.get_by_label("Your name").fill("Sam Example")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Your message").fill("Too short")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=re.compile("Send", re.I)).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error")
    expect(page.get_by_label("Your name")).to_have_value("Sam Example")
    assert violations(page) == []
    screenshot(page, "journey-contact-error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Your message")).to_be_focused()

    page.get_by_label("Your message").fill(GOOD_MESSAGE)
    page.get_by_role("button", name=re.compile("Send", re.I)).click()
    page.wait_for_url("**/contact/thanks/")
    expect(page.locator("h1")).to_be_visible()
    assert violations(page) == []
    screenshot(page, "journey-thanks")

    enquiry = Enquiry.objects.get()
    assert enquiry.message == GOOD_MESSAGE
    assert enquiry.therapist.name == name


def test_the_same_journey_by_keyboard_alone(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/problem-areas/grief/")

    # The skip link comes first and works.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert focused_is_visible_with_ring(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to = functools.partial(keyboard.tab_to, page, limit=200)

    tab_to(page.get_by_role("link", name=re.compile("therapists for grief", re.I)))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/therapists/\?.*area=grief"))

    tab_to(page.locator("#format-online"))
    page.keyboard.press("Space")
    expect(page.locator("#format-online")).to_be_checked()
    tab_to(page.get_by_role("button", name="Show therapists"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"format=online"))

    first = page.locator("main .therapist-card h3 a, main .therapist-card h2 a").first
    tab_to(first)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/therapists/[a-z0-9-]+/$"))
    tab_to(page.get_by_role("link", name=re.compile("^Send an enquiry")).first)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contact/"))

    tab_to(page.get_by_label("Your name"))
    page.keyboard.type("Kim Keys")
    tab_to(page.get_by_label("Email address"))
    page.keyboard.type("kim@example.org")
    tab_to(page.get_by_label("Your message"))
    page.keyboard.type("Short")
    tab_to(page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page.get_by_role("button", name=re.compile("Send", re.I)))
    page.keyboard.press("Enter")

    expect(page.locator(".error-summary")).to_be_focused()
    page.keyboard.press("Tab")  # first link in the summary
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(GOOD_MESSAGE)
    tab_to(page.get_by_role("button", name=re.compile("Send", re.I)))
    page.keyboard.press("Enter")
    page.wait_for_url("**/contact/thanks/")
    assert Enquiry.objects.filter(name="Kim Keys", message=GOOD_MESSAGE).count() == 1

    # Shift+Tab walks back through the page without getting stuck.
    tab_to(page.locator(".skip-link"), backwards=True)


def test_admin_adds_a_therapist_with_a_photo_and_publishes_them(page, site, tmp_path):
    get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-passw0rd")
    photo = tmp_path / "face.png"
    Image.new("RGB", (1200, 900), (31, 111, 106)).save(photo)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("a-long-passw0rd")
    page.get_by_role("button", name="Log in").click()
    page.goto(site + "/admin/therapists/therapist/add/")
    page.locator("#id_name").press_sequentially("Robin Testwell")
    expect(page.locator("#id_slug")).to_have_value("robin-testwell")
    page.locator("#id_title").fill("Counselling psychologist")
    page.locator("#id_introduction").fill("I offer IPT for adults, online and in person.")
    page.locator("#id_photo").set_input_files(str(photo))
    page.locator("#id_photo_alt").fill("Robin Testwell smiling")
    page.locator("#id_published").check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    # Credentials never verified: publishing needs an explicit confirmation.
    expect(page.locator(".errorlist")).to_contain_text("Registration has never been verified.")
    assert not Therapist.objects.filter(slug="robin-testwell").exists()
    page.locator("#id_photo").set_input_files(str(photo))  # browsers drop a file on an error
    page.get_by_label("Publish although the credentials need checking").check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert not errors, errors
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    therapist = Therapist.objects.get(slug="robin-testwell")
    assert therapist.published and therapist.photo
    with Image.open(therapist.photo.path) as stored:
        assert max(stored.size) <= 600

    page.goto(site + "/therapists/")
    page.get_by_role("link", name="Robin Testwell").click()
    page.wait_for_url("**/therapists/robin-testwell/")
    expect(page.locator("h1")).to_have_text("Robin Testwell")
    image = page.get_by_role("img", name="Robin Testwell smiling")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0


def test_the_contact_page_during_a_closure_reads_well_on_a_phone_and_a_desktop(page, site):
    import datetime

    from django.utils import timezone

    from ipt_site.contact.models import Closure

    today = timezone.localdate()
    Closure.objects.create(
        starts_on=today,
        ends_on=today + datetime.timedelta(days=6),
        note="We are away for a week of training.",
    )
    for width in (320, 390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site + "/contact/")
        notice = page.locator(".closure-notice")
        expect(notice).to_contain_text("The practice is closed from")
        expect(notice).to_contain_text("We are away for a week of training.")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert violations(page) == []
        screenshot(page, "contact-closure")
