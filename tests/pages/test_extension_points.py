"""The content engine's extension points: each app answers for its own addresses,
placeholders and rules (registered from its AppConfig.ready()), and staff see the same
messages as before."""

import pytest

from ipt_site.pages import links, placeholders, rules
from ipt_site.pages.checks import check_text
from ipt_site.pages.meta import WARNING, Problem
from tests.factories import create_therapist

pytestmark = pytest.mark.django_db


def link_warnings(content, body):
    path = content.page("links.md", title="Links", body=body)
    return [
        (p.code, p.message) for p in check_text("links.md", path.read_text()) if p.field == "body"
    ]


def missing_pages(content, body):
    """The addresses the body's links are warned about as pages that do not exist."""
    missing = " goes to a page that does not exist"
    return [
        message.removeprefix("The link to ").split(missing)[0]
        for code, message in link_warnings(content, body)
        if code == "W004" and missing in message
    ]


def test_a_link_to_an_article_is_checked_by_the_articles_app(content):
    content.page("articles/kept.md", title="Kept", date="2026-01-05")
    content.page("articles/hidden.md", title="Hidden", date="2026-01-05", draft="true")
    body = "[K](/articles/kept/) [H](/articles/hidden/) [G](/articles/gone/) [L](/articles/)"
    assert missing_pages(content, body) == ["/articles/hidden/", "/articles/gone/"]


def test_a_link_to_a_guide_pdf_is_checked_by_the_resources_app(content):
    content.page("resources/_index.md", title="Resources")
    content.page("resources/guide.md", title="Guide", template="resource")
    content.page("resources/plain.md", title="Plain")
    body = "[G](/resources/guide.pdf) [P](/resources/plain.pdf) [N](/resources/none.pdf)"
    assert missing_pages(content, body) == ["/resources/plain.pdf", "/resources/none.pdf"]


def test_a_link_to_a_therapist_is_checked_by_the_directory(content):
    create_therapist(name="Real Person", slug="real-person")
    create_therapist(name="Hidden Person", slug="hidden-person", published=False)
    body = "[R](/therapists/real-person/) [N](/therapists/nobody/) [H](/therapists/hidden-person/)"
    assert missing_pages(content, body) == ["/therapists/nobody/", "/therapists/hidden-person/"]


def test_links_to_free_calls_and_waiting_lists_are_checked_by_their_apps(content):
    create_therapist(name="Calls", slug="calls", intro_call=True)
    create_therapist(name="No calls", slug="no-calls", intro_call=False)
    body = (
        "[C](/therapists/calls/intro-call/) [N](/therapists/no-calls/intro-call/) "
        "[W](/therapists/no-calls/waiting-list/) [X](/therapists/nobody/waiting-list/) "
        "[P](/waiting-list/)"
    )
    assert missing_pages(content, body) == [
        "/therapists/no-calls/intro-call/",
        "/therapists/nobody/waiting-list/",
    ]


def test_a_preview_link_in_a_page_exists_only_while_the_link_is_live(content):
    from ipt_site.editor.services import make_preview_link, revoke_preview_link
    from ipt_site.pages.models import Page

    content.page("draft.md", title="Draft")
    page = Page.objects.get(relpath="draft.md")
    _, live = make_preview_link(page, user=None)
    revoked_link, revoked = make_preview_link(page, user=None)
    revoke_preview_link(revoked_link, user=None)
    body = f"[L](/preview/{live}/) [B](/preview/not-a-link/) [R](/preview/{revoked}/)"
    assert missing_pages(content, body) == ["/preview/not-a-link/", f"/preview/{revoked}/"]


def test_a_moved_page_link_names_the_new_address_from_the_editors_redirects(content):
    from django.contrib.redirects.models import Redirect

    content.page("new-home.md", title="New home")
    Redirect.objects.create(site_id=1, old_path="/old-home/", new_path="/new-home/")
    [(code, message)] = link_warnings(content, "[Old](/old-home/)")
    assert code == "W004"
    assert message == (
        "The link to /old-home/ goes to a page that has moved to /new-home/. "
        "Change the link to /new-home/."
    )


def test_an_address_with_parameters_no_app_answers_for_is_trusted(content):
    # /account/welcome/<uidb64>/<token>/: the accounts app registers no answer.
    assert links.path_exists("/account/welcome/abc/def/", site=None)
    assert not links.path_exists("/no/such/thing/here.txt", site=None)


def test_a_database_that_cannot_answer_trusts_the_address(monkeypatch):
    def broken(slug):
        raise RuntimeError("database down")

    monkeypatch.setitem(links._exists, "therapists:detail", broken)
    assert links.path_exists("/therapists/anyone/", site=None)


@pytest.fixture
def registered(monkeypatch):
    """Registrations made in a test are undone after it."""
    monkeypatch.setattr(placeholders, "_values", dict(placeholders._values))
    monkeypatch.setattr(placeholders, "_blocks", dict(placeholders._blocks))
    monkeypatch.setattr(placeholders, "_families", dict(placeholders._families))
    monkeypatch.setattr(rules, "_rules", dict(rules._rules))


def test_an_apps_placeholder_values_are_filled_escaped_and_known(registered, content):
    placeholders.register_values("booking", lambda: {"wait_weeks": "3 <weeks>"})
    assert placeholders.fill("<p>About [[wait_weeks]].</p>") == "<p>About 3 &lt;weeks&gt;.</p>"
    assert "wait_weeks" in placeholders.known_names()
    path = content.page("p.md", title="P", body="[[wait_weeks]] and [[wait_weekz]]")
    [unknown] = [p for p in check_text("p.md", path.read_text()) if p.code == "W005"]
    assert unknown.message == "[[wait_weekz]] is not a known placeholder: check its spelling."
    assert "[[wait_weeks]]" in unknown.hint


def test_registering_again_replaces_rather_than_repeats(registered):
    placeholders.register_values("booking", lambda: {"wait_weeks": "3"})
    placeholders.register_values("booking", lambda: {"wait_weeks": "4"})
    assert placeholders.known_names().count("wait_weeks") == 1
    assert placeholders.fill("[[wait_weeks]]") == "4"


def test_an_apps_block_and_family_fill_only_where_they_belong(registered):
    placeholders.register_block("calendar", lambda: "<div>cal</div>")
    towns = {"leeds": "<b>Leeds</b>"}
    placeholders.register_family("town_", lambda: list(towns), towns.get)
    html = "<p>[[calendar]]</p><p>In [[town_leeds]], not [[town_york]] or [[calendar]].</p>"
    assert placeholders.fill(html) == (
        "<div>cal</div><p>In <b>Leeds</b>, not [[town_york]] or [[calendar]].</p>"
    )
    assert placeholders.unknown(html) == ["town_york"]


def test_a_family_that_cannot_list_its_names_is_trusted(registered):
    placeholders.register_family("town_", lambda: [], lambda key: None, sure=lambda: False)
    assert placeholders.unknown("<p>[[town_york]] [[nonsense]]</p>") == ["nonsense"]


def test_an_apps_content_rule_is_reported_with_the_engines_problems(registered, content):
    def no_shouting(subject):
        return [Problem(WARNING, "Please do not shout.", 7, "W099", "body")] * (
            "SHOUT" in subject.text
        )

    rules.register("W099", no_shouting)
    path = content.page("p.md", title="P", body="SHOUT")
    found = [(p.code, p.message) for p in check_text("p.md", path.read_text())]
    assert ("W099", "Please do not shout.") in found
