"""send_templated() and absolute_url(): one way to write an email and its links."""

from pathlib import Path

import pytest

from ipt_site.web.mail import absolute_url, render_email, send_templated


@pytest.fixture(autouse=True)
def _test_templates(settings):
    first = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**first, "DIRS": [*first["DIRS"], Path(__file__).parent / "templates"]}]


def test_the_first_line_is_the_subject_and_the_text_is_never_escaped(settings):
    settings.SITE_NAME = "IPT <Site>"
    subject, body = render_email(
        "tests/email/hello.txt", {"name": "Sam O'Neil", "link": "https://x.example/a?b=1&c=2"}
    )
    # One line, spaces collapsed; apostrophes, ampersands and angle brackets as written.
    assert subject == "Hello Sam O'Neil & welcome to IPT <Site>"
    assert body == ("Dear Sam O'Neil,\n\nIt's <b>plain</b> text: https://x.example/a?b=1&c=2\n")


def test_a_subject_cannot_add_a_header():
    subject, _ = render_email("tests/email/hello.txt", {"name": "A\r\nBcc: x@example.org"})
    assert "\n" not in subject and "\r" not in subject


def test_a_template_without_a_subject_line_is_refused(tmp_path, settings):
    (tmp_path / "bare.txt").write_text("Hello\n")
    first = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**first, "DIRS": [tmp_path]}]
    with pytest.raises(ValueError, match="must start with a 'Subject: ...' line"):
        render_email("bare.txt")


def test_send_templated_sends_one_message_with_attachments(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "IPT <no-reply@example.org>"
    send_templated(
        "tests/email/hello.txt",
        to=["sam@example.org"],
        context={"name": "Sam", "extra": "See you soon."},
        reply_to=["practice@example.org"],
        attachments=[("session.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    (message,) = mailoutbox
    assert message.to == ["sam@example.org"]
    assert message.reply_to == ["practice@example.org"]
    assert message.from_email == "IPT <no-reply@example.org>"
    assert "See you soon." in message.body
    assert message.attachments == [
        ("session.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    ]


@pytest.mark.parametrize(
    ("site_url", "base_url", "expected"),
    [
        ("https://ipt.example", "http://internal:8000/", "https://ipt.example/account/"),
        ("", "http://testserver/", "http://testserver/account/"),
        ("", "", "/account/"),
    ],
)
def test_absolute_url_prefers_the_site_url(settings, site_url, base_url, expected):
    settings.SITE_URL = site_url
    assert absolute_url("/account/", base_url) == expected


def test_absolute_url_leaves_a_full_address_alone(settings):
    settings.SITE_URL = "https://ipt.example"
    assert absolute_url("https://photos.example/a.jpg") == "https://photos.example/a.jpg"


def test_absolute_url_takes_the_request_being_answered(settings, rf):
    settings.SITE_URL = ""
    assert absolute_url("/a/", rf.get("/x/")) == "http://testserver/a/"
    settings.SITE_URL = "https://ipt.example"
    assert absolute_url("/a/", rf.get("/x/")) == "https://ipt.example/a/"
