"""Help lines (issue 23 and 22): admin-editable rows, read once per data version, shown in the
urgent-help panel on every page with the nations they serve and placed in content by
placeholders; a crisis number typed into a page is an error."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from ipt_site.helplines import checks, selectors
from ipt_site.helplines.models import Grade, Helpline
from ipt_site.pagecache import data_changed
from ipt_site.pages import placeholders
from ipt_site.pages.checks import check_content, check_text

pytestmark = pytest.mark.django_db

NATIONS = ("england", "scotland", "wales", "northern_ireland")


def text_of(html: str) -> str:
    return " ".join(strip_tags(html).split())


def panel(html: str) -> str:
    start = html.index('id="urgent-help"')
    return html[start : html.index("</aside>", start)]


# --- The rows the site starts with ------------------------------------------------------


def test_every_seeded_line_is_valid():
    lines = Helpline.objects.all()
    assert lines.count() >= 20
    for line in lines:
        line.full_clean()  # raises on a bad number, website or nation


def test_the_panel_has_an_emergency_route_and_an_urgent_line_for_each_nation():
    assert checks.check_helplines(databases=["default"]) == [
        m for m in checks.check_helplines(databases=["default"]) if m.id == "helplines.W002"
    ]
    urgent = {line.key: line.nations for line in selectors.current().urgent}
    assert urgent == {
        "nhs_111": ("England",),
        "nhs_24": ("Scotland",),
        "nhs_111_wales": ("Wales",),
        "lifeline": ("Northern Ireland",),
    }


def test_content_editors_may_edit_help_lines():
    codenames = set(
        Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_helpline", "change_helpline", "delete_helpline", "view_helpline"} <= codenames


# --- The panel on every page -----------------------------------------------------------


def test_the_panel_grades_its_advice_and_names_each_nation(client):
    html = panel(client.get("/faq/").text)
    words = text_of(html)
    grades = [words.index(h) for h in ("If a life is in danger", "If you need help today",
                                        "If you want to talk to someone")]  # fmt: skip
    assert grades == sorted(grades)
    assert (
        "Emergency services: call 999, if a life is in danger, or you have harmed yourself" in words
    )
    assert "NHS 111 (England): call 111 and choose the mental health option" in words
    assert "NHS 24 (Scotland): call 111 and choose the mental health option" in words
    assert "NHS 111 Wales (Wales): call 111 and press 2 for mental health" in words
    assert "Lifeline (Northern Ireland): call 0808 808 8000" in words
    assert "Shout: text SHOUT to 85258" in words and 'href="sms:85258"' in html
    assert "Childline: call 0800 1111, for children and young people under 19" in words
    assert 'href="tel:08088088000"' in html and 'href="tel:116123"' in html
    # A service that is not in the panel (a signpost only) stays out of it.
    assert "Cruse" not in words


def test_the_header_names_the_emergency_number(client):
    header = client.get("/").text.split("</header>")[0]
    assert 'Call <a href="tel:999">999</a> in an emergency' in header


def test_rows_are_read_once_per_data_version_not_per_page_view(
    client, django_assert_num_queries, settings
):
    settings.VERSION_RECHECK_SECONDS = 3600
    client.get("/self-check/")  # never cached: the view runs each time
    with django_assert_num_queries(0):
        for _ in range(3):
            assert "0808 808 8000" in client.get("/self-check/").text
    line = Helpline.objects.get(key="lifeline")
    line.hours = "day and night, every day of the year"
    line.save()  # a new data version...
    # ...so the rows are read once more (this process made the change: it knows the new
    # version without reading the versions' row).
    with django_assert_num_queries(1):
        assert "every day of the year" in client.get("/self-check/").text


def test_an_admin_edit_reaches_a_cached_page_through_a_new_data_version(client):
    editor = get_user_model().objects.create_user("sam", "sam@example.org", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    assert client.get("/getting-started/")["X-Page-Cache"] == "miss"
    assert client.get("/getting-started/")["X-Page-Cache"] == "hit"  # no view, no query

    staff = client.__class__()
    staff.force_login(editor)
    line = Helpline.objects.get(key="samaritans")
    changelist = staff.get("/admin/helplines/helpline/")
    assert changelist.status_code == 200 and "Samaritans" in changelist.text
    form = staff.get(f"/admin/helplines/helpline/{line.pk}/change/")
    assert form.status_code == 200
    data = {
        field: getattr(line, field)
        for field in ("key", "name", "detail", "phone_how", "text_number", "text_message",
                      "website", "hours", "cost", "grade", "order")
    }  # fmt: skip
    data.update(phone="116 999", checked_on="2026-12-04")
    data.update(dict.fromkeys(NATIONS, "on"))
    saved = staff.post(f"/admin/helplines/helpline/{line.pk}/change/", data)
    assert saved.status_code == 302, saved.text

    fresh = client.get("/getting-started/")
    assert fresh["X-Page-Cache"] == "miss"  # a new data version: a new page
    assert 'href="tel:116999"' in fresh.text and "116 123" not in fresh.text


def test_a_number_that_is_not_digits_in_groups_is_refused_in_the_admin(admin_client):
    line = Helpline.objects.get(key="samaritans")
    response = admin_client.post(
        f"/admin/helplines/helpline/{line.pk}/change/",
        {"key": "samaritans", "name": "Samaritans", "detail": "to talk", "phone": "116-123!",
         "grade": "support", "order": 30, **dict.fromkeys(NATIONS, "on")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "digits in groups" in response.text
    assert Helpline.objects.get(key="samaritans").phone == "116 123"


# --- Validation: the panel stays whole --------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"phone": "", "text_number": "", "website": ""}, "phone", "phone number, a text"),
        ({"website": "http://example.org/"}, "website", "https://"),
        (dict.fromkeys(NATIONS, False), "england", "at least one nation"),
        ({"text_message": "HELLO"}, "text_message", "needs a text number"),
        ({"detail": "<b>bold</b>"}, "detail", "plain text"),
    ],
)
def test_a_line_that_would_show_wrongly_is_refused(changes, field, words):
    line = Helpline.objects.get(key="samaritans")
    for name, value in changes.items():
        setattr(line, name, value)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert words in " ".join(error.value.message_dict[field])


def test_an_emergency_route_serves_all_four_nations():
    line = Helpline.objects.get(key="emergency")
    line.wales = False
    with pytest.raises(ValidationError, match="all four nations"):
        line.full_clean()


def test_the_only_emergency_route_cannot_be_downgraded_or_deleted(admin_client):
    line = Helpline.objects.get(key="emergency")
    line.grade = Grade.SUPPORT
    with pytest.raises(ValidationError, match="only emergency route"):
        line.full_clean()
    assert admin_client.post(f"/admin/helplines/helpline/{line.pk}/delete/", {"post": "yes"}
                             ).status_code == 403  # fmt: skip
    assert Helpline.objects.filter(key="emergency").exists()
    # With a second emergency route, either may go.
    Helpline.objects.create(key="emergency_two", name="Police", detail="d", phone="112",
                            grade=Grade.EMERGENCY)  # fmt: skip
    assert admin_client.post(f"/admin/helplines/helpline/{line.pk}/delete/", {"post": "yes"}
                             ).status_code == 302  # fmt: skip


def test_the_system_check_reports_a_panel_without_an_emergency_route():
    Helpline.objects.filter(grade=Grade.EMERGENCY).update(grade="")
    Helpline.objects.filter(key="lifeline").update(grade="")
    ids = [message.id for message in checks.check_helplines(databases=["default"])]
    assert "helplines.E001" in ids
    assert ids.count("helplines.W001") == 1  # no urgent line for Northern Ireland
    # Pages still show a 999 line (built in) rather than none.
    data_changed()
    assert selectors.current().emergency.phone == "999"


def test_the_system_check_asks_for_details_checked_within_a_year():
    Helpline.objects.update(checked_on="2026-12-01")
    Helpline.objects.filter(key="cruse").update(checked_on="2020-01-01")
    found = [m for m in checks.check_helplines(databases=["default"]) if m.id == "helplines.W002"]
    assert [m.msg for m in found] == [
        "The details of Cruse Bereavement Support were last checked 2020-01-01."
    ]


def test_the_check_runs_only_with_a_database():
    assert checks.check_helplines(databases=None) == []


# --- Placeholders -------------------------------------------------------------------------


def test_signpost_names_the_service_its_nations_number_and_hours():
    out = placeholders.fill("<li>[[signpost_mind]]</li>")
    words = text_of(out)
    assert words.startswith("Mind (England and Wales): plain information about mental health")
    assert "Call 0300 123 3393. The cost of a local call, 9am to 6pm, Monday to Friday." in words
    assert 'href="https://www.mind.org.uk/"' in out and 'href="tel:03001233393"' in out


def test_a_service_without_a_number_shows_its_website_only():
    out = placeholders.fill("<li>[[signpost_relate]]</li>")
    assert 'href="https://www.relate.org.uk/"' in out
    assert "tel:" not in out and "Call" not in text_of(out)


def test_number_placeholder_is_the_number_alone_as_a_link():
    out = placeholders.fill("<p>Call [[number_samaritans]] or text [[number_shout]].</p>")
    assert out == (
        '<p>Call <a href="tel:116123">116 123</a> or text <a href="sms:85258">85258</a>.</p>'
    )


def test_urgent_help_placeholder_is_the_graded_panel_inline():
    out = placeholders.fill("<p>Before.</p>\n<p>[[urgent_help]]</p>")
    assert "<h3" not in out  # it sits inside the page's own headings
    words = text_of(out)
    assert "If a life is in danger" in words and "Lifeline (Northern Ireland)" in words


def test_values_from_the_rows_are_escaped():
    Helpline.objects.create(key="x", name="<b>X</b>", detail="a & b", phone="0800 111 2222",
                            website="https://example.org/?a=1&b=2")  # fmt: skip
    data_changed()
    out = placeholders.fill("<p>[[signpost_x]]</p>")
    assert "<b>" not in out and "&lt;b&gt;X&lt;/b&gt;" in out
    assert 'href="https://example.org/?a=1&amp;b=2"' in out and 'href="tel:08001112222"' in out


def test_an_unknown_help_line_is_reported_and_left_visible(content):
    assert placeholders.unknown("<p>[[signpost_nope]] [[number_cruse]]</p>") == ["signpost_nope"]
    assert "[[signpost_nope]]" in placeholders.fill("<p>[[signpost_nope]]</p>")
    content.page("typo.md", title="Typo", body="Talk to [[signpost_crusee]].")
    messages = check_content()
    assert any(m.id == "content.W005" and "signpost_crusee" in m.msg for m in messages)


# --- A crisis number typed into a page --------------------------------------------------


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ("If you are in danger, call 999.", "999"),
        ("Call NHS 111 and choose the mental health option.", "111"),
        ("Samaritans are free on 116 123, day or night.", "116 123"),
        ("Samaritans are free on 116123.", "116123"),
        ("- Text SHOUT to 85258", "85258"),
        ("In Northern Ireland, call Lifeline on 0808 808 8000.", "0808 808 8000"),
        ("Childline: 0800 1111.", "0800 1111"),
        ("Cruse's helpline is 0808 808 1677.", "0808 808 1677"),  # any help line row
    ],
)
def test_a_typed_crisis_number_is_an_error_with_its_line(content, body, number):
    content.page("typed.md", title="Typed", body=f"## Help\n\n{body}")
    [message] = [m for m in check_content() if m.id == "content.E020"]
    assert message.msg.startswith("content/typed.md, line 12: The number " + number)
    assert "[[urgent_help]]" in message.msg


def test_placeholders_links_years_and_prices_are_not_typed_numbers(content):
    content.page(
        "fine.md",
        title="Fine",
        body="Call [[number_emergency]]. [[signpost_samaritans]]\n\n"
        "Studies since 1999 found it, in 1,111 people. A session costs £111. Read [the Welsh "
        "page](https://111.wales.nhs.uk/) or visit https://111.wales.nhs.uk/ for more.",
    )
    assert [m for m in check_content() if m.id == "content.E020"] == []


def test_the_editor_refuses_to_save_a_typed_crisis_number(content):
    text = content.page("typed.md", title="Typed", body="Call 999.").read_text()
    problems = check_text("typed.md", text)
    assert [(p.level, p.code, p.field) for p in problems] == [("error", "E020", "body")]


# --- Everything that shows a help line starts afresh when one changes ---------------------


def test_the_guide_pdf_and_the_search_index_change_with_a_help_line(
    django_capture_on_commit_callbacks,
):
    from ipt_site.pages import selectors as pages
    from ipt_site.resources import pdf
    from ipt_site.search.models import Document

    page = pages.page_at("/resources/talking-about-what-you-need/")
    before = pdf.version_key(page, "https://x")
    line = Helpline.objects.get(key="samaritans")
    with django_capture_on_commit_callbacks(execute=True):  # the re-index task is queued
        line.hours = "every hour of every day"
        line.save()
    assert pdf.version_key(page, "https://x") != before
    # The FAQ's crisis answer shows the urgent help lines: its search text has the new hours.
    found = Document.objects.filter(body__contains="every hour of every day")
    assert list(found.values_list("key", flat=True)) == ["page:/faq/#what-should-i-do-in-a-crisis"]
