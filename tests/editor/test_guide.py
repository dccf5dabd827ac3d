"""The staff guide (content/README.md) is readable in the staff area: staff cannot open
the content folder from a browser (issue 26)."""

import shutil

import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import make_user

pytestmark = pytest.mark.django_db

GUIDE = reverse("admin:editor_contentpage_guide")


@pytest.fixture
def guide(pages):
    shutil.copy(settings.BASE_DIR / "content" / "README.md", pages.root / "README.md")
    return pages


def test_staff_read_the_guide_with_its_contents_and_examples(editor_client, guide):
    response = editor_client.get(GUIDE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Guide for editors</h1>" in html
    assert '<a href="#where-each-page-lives">Where each page lives</a>' in html
    assert '<pre><code class="language-markdown">---\ntitle: Grief and loss' in html
    assert "<script" not in html.split('class="editor-guide-text"')[1]


def test_the_page_list_and_every_page_form_lead_to_it(editor_client, guide):
    listing = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert f'href="{GUIDE}"' in listing
    from ipt_site.editor.models import ContentPage

    row = ContentPage.objects.get(relpath="faq.md")
    edit = editor_client.get(reverse("admin:editor_contentpage_change", args=[row.pk]))
    assert f'href="{GUIDE}"' in edit.content.decode()
    assert "content/README.md" not in edit.content.decode()


def test_the_guide_is_never_a_public_page_and_needs_a_staff_sign_in(client, guide):
    assert client.get("/readme/").status_code == 404
    response = client.get(GUIDE)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user("someone", group=False))
    assert client.get(GUIDE).status_code == 403


def test_a_missing_guide_is_a_clear_404_not_a_500(editor_client, pages):
    assert editor_client.get(GUIDE).status_code == 404
