"""After a move the editor offers to change the links on other pages, each page saved as
its own version, links to a part of the page kept (issue 26: Content health listed the
pages to fix by hand, and its advice dropped the #part)."""

import re

import pytest
from django.urls import reverse

from ipt_site.editor.models import ContentPage, Revision
from ipt_site.editor.services import relink
from ipt_site.pages.models import Page

from .test_edit import row_for

pytestmark = pytest.mark.django_db

OLD, NEW = "/problem-areas/role-disputes/", "/problem-areas/conflict/"


@pytest.fixture
def linked(pages):
    pages.page(
        "faq.md", title="Questions", body=f"See [the part]({OLD}#what-it-is) and [it]({OLD})."
    )
    pages.page("home-links.md", title="Links", body=f"Read [this][ref].\n\n[ref]: {OLD}\n")
    return pages


def move(client, relpath, slug, **extra):
    row = row_for(client, relpath)
    url = reverse("admin:editor_contentpage_move", args=[row.pk])
    form = client.get(url)
    base = form.context["form"]["base"].value()
    data = {"section": "problem-areas", "slug": slug, "base": base, **extra}
    return form, client.post(url, data, follow=True)


def test_the_move_form_says_which_pages_link_and_offers_to_change_them(editor_client, linked):
    form, _ = move(editor_client, "problem-areas/role-disputes.md", "conflict", update_links="on")
    html = form.content.decode()
    assert "3 other pages on this site link to it" in html  # grief, faq, home-links
    assert "Change the links to this page on 3 other pages too" in html
    assert re.search(r'<input type="checkbox" name="update_links"[^>]* checked', html)


def test_moving_with_the_box_ticked_changes_every_link_keeping_its_part(editor_client, linked):
    _, response = move(
        editor_client, "problem-areas/role-disputes.md", "conflict", update_links="on"
    )
    text = response.content.decode()
    assert "The links on 3 other pages now point to the new address" in text
    faq = (linked.root / "faq.md").read_text()
    assert f"[the part]({NEW}#what-it-is)" in faq and f"[it]({NEW})" in faq
    assert f"[ref]: {NEW}" in (linked.root / "home-links.md").read_text()
    assert f"]({NEW})" in (linked.root / "problem-areas/grief.md").read_text()
    assert OLD not in (linked.root / "faq.md").read_text()
    messages = set(
        Revision.objects.filter(message__startswith=f"Links to {OLD}").values_list(
            "relpath", flat=True
        )
    )
    assert messages == {"faq.md", "home-links.md", "problem-areas/grief.md"}
    # Nothing is left for Content health to report about the move.
    for row in Page.objects.filter(relpath__in=messages):
        assert not [p for p in row.problem_list() if "has moved" in p.message]


def test_without_the_box_the_links_stay_and_the_advice_keeps_the_part(editor_client, linked):
    _, response = move(editor_client, "problem-areas/role-disputes.md", "conflict")
    assert "Update links to it from other pages when you can" in response.content.decode()
    assert f"({OLD}#what-it-is)" in (linked.root / "faq.md").read_text()
    faq = ContentPage.objects.get(relpath="faq.md")
    advice = [p.message for p in faq.problem_list() if "has moved" in p.message]
    assert any(f"Change the link to {NEW}#what-it-is." in message for message in advice)


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"[a]({OLD})", f"[a]({NEW})"),
        (f"[a]({OLD}#part)", f"[a]({NEW}#part)"),
        (f"[a]({OLD}?from=x)", f"[a]({NEW}?from=x)"),
        (f"[a](<{OLD}>)", f"[a](<{NEW}>)"),
        (f'[a]({OLD} "Title")', f'[a]({NEW} "Title")'),
        (f"[r]: {OLD}", f"[r]: {NEW}"),
        (f'<a href="{OLD}#x">a</a>', f'<a href="{NEW}#x">a</a>'),
        # Not links to the page: another address that starts the same, or plain words.
        (
            "[a](/problem-areas/role-disputes-and-more/)",
            "[a](/problem-areas/role-disputes-and-more/)",
        ),
        (f"The address {OLD} in words.", f"The address {OLD} in words."),
    ],
)
def test_relink_changes_only_links_to_the_page(text, expected):
    assert relink(text, OLD, NEW) == expected
