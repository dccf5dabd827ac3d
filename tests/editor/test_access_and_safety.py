"""Who reaches the editor, what editors' text can and cannot do to the public site, and the
list, previews, images, health page and weekly email."""

import datetime
import io
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from ipt_site.editor.models import ContentPage

from .conftest import make_user
from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    # With a description: an image without one is an error that stops the save (E044).
    '<img src="x" alt="A picture" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">js link</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<svg onload="alert(1)"></svg>',
    '"><script>alert(2)</script>',
]


# --- Who may use it ------------------------------------------------------------------------


def editor_urls(row):
    return [
        reverse("admin:editor_contentpage_changelist"),
        reverse("admin:editor_contentpage_add"),
        reverse("admin:editor_contentpage_change", args=[row.pk]),
        reverse("admin:editor_contentpage_raw", args=[row.pk]),
        reverse("admin:editor_contentpage_history", args=[row.pk]),
        reverse("admin:editor_contentpage_delete", args=[row.pk]),
        reverse("admin:editor_contentpage_move", args=[row.pk]),
        reverse("admin:editor_contentpage_share", args=[row.pk]),
        reverse("admin:editor_contentpage_images", args=[row.pk]),
        reverse("admin:editor_contentpage_health"),
        reverse("admin:editor_contentpage_deleted"),
    ]


def test_staff_without_the_permission_get_403_everywhere(client, pages, editor):
    client.force_login(editor)
    row = row_for(client, "faq.md")
    client.logout()
    other = make_user("therapist-admin", group=False)
    client.force_login(other)
    before = (pages.root / "faq.md").read_text()
    for url in editor_urls(row):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"body": "Hacked", "base": "", "title": "x"}).status_code == 403
    assert (pages.root / "faq.md").read_text() == before
    assert "Content editor" not in client.get(reverse("admin:index")).content.decode()


def test_a_malformed_address_is_a_404_not_a_500(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    for path in (
        f"{row.pk}/change/widgets.css/change/",
        "999/change/",
        "abc/change/",
        # What a tool resolving forms.css's @import against the page asked for: the
        # admin's "<id>/" shortcut, which named Django's keyword, not the editor's (a 500).
        f"{row.pk}/change/widgets.css/",
        "add/widgets.css/",
        "no-such-page/",
    ):
        response = editor_client.get(f"/admin/editor/contentpage/{path}", follow=True)
        assert response.status_code == 404, path


def test_the_admins_short_address_for_a_page_leads_to_its_editor(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    response = editor_client.get(f"/admin/editor/contentpage/{row.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/editor/contentpage/{row.pk}/change/"


def test_people_who_are_not_staff_are_sent_to_sign_in(client, pages, editor):
    client.force_login(editor)
    row = row_for(client, "faq.md")
    client.logout()
    for url in editor_urls(row):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    # Signed in but not staff (joining a staff group would make them staff: issue 26).
    visitor = make_user("visitor", staff=False, group=False)
    client.force_login(visitor)
    response = client.get(editor_urls(row)[0])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_content_editors_group_sees_the_editor_on_the_admin_home(editor_client, pages):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Content editor" in html and "Pages" in html


# --- Nothing an editor types runs on the public site ----------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_the_body_never_reaches_the_public_page(editor_client, pages, public, payload):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = f"Before.\n\n{payload}\n\nAfter."
    editor_client.post(edit_url(row), data)
    for html in (
        public.get("/faq/").content.decode(),
        editor_client.post(edit_url(row), {**data, "_preview": "1"}).content.decode(),
    ):
        main = html[html.index("<main") : html.index("</main>")]
        assert "Before." in main and "After." in main
        assert not re.search(r"<script(?![^>]*type=\"application/ld\+json\")", main)
        assert "onerror" not in main and "onload" not in main
        assert "javascript:" not in main
        assert "<iframe" not in main and "style=" not in main


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_the_title_and_summary_is_shown_as_text(editor_client, pages, public, payload):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title=f"Title {payload}", summary=f"Summary {payload}"[:160])
    editor_client.post(edit_url(row), data)
    html = public.get("/faq/").content.decode()
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    # Only JSON-LD data blocks, and no payload can close one early.
    assert all(not s.strip() or s.strip().startswith(("{", "[")) for s in scripts)
    assert "<script>alert" not in html
    assert f"<h1>{escape('Title ' + payload)}</h1>" in html  # there, as text
    listing = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert "<script>alert" not in listing


def test_editor_pages_send_a_csp_without_unsafe_inline_and_use_no_inline_code(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    for url in editor_urls(row)[:-2] + [reverse("admin:editor_contentpage_health")]:
        response = editor_client.get(url)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert response["Cache-Control"] == "no-store, private"
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), url
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_what_needs_attention_and_filters(editor_client, pages):
    today = timezone.localdate()
    pages.page(
        "overdue.md",
        title="Overdue page",
        reviewed="2020-01-01",
        next_review=(today - datetime.timedelta(days=3)).isoformat(),
    )
    pages.page(
        "soon.md",
        title="Soon page",
        next_review=(today + datetime.timedelta(days=10)).isoformat(),
    )
    pages.page("draft-page.md", title="Draft page", draft="true")
    pages.page("broken-link.md", title="Broken link", body="[x](/nowhere/)")
    url = reverse("admin:editor_contentpage_changelist")
    html = editor_client.get(url).content.decode()
    assert re.search(r'editor-badge-overdue">Overdue: \d+ \w+ \d{4}', html)
    assert re.search(r'editor-badge-soon">Soon: \d+ \w+ \d{4}', html)
    assert 'editor-badge-draft">Draft' in html
    assert "1 warning" in html and "/nowhere/ goes to a page that does not exist" in html
    for title in ("Grief and loss", "Questions people often ask", "Draft page"):
        assert title in html
    assert "/problem-areas/" in html and "Top level" in html

    def titles(**query):
        response = editor_client.get(url, query)
        return sorted(row.title for row in response.context["cl"].result_list)

    assert titles(section="problem-areas") == ["Grief and loss", "Problem areas", "Role disputes"]
    assert titles(status="draft") == ["Draft page"]
    assert titles(review="overdue") == ["Overdue page"]
    assert titles(review="soon") == ["Soon page"]
    assert titles(problems="warnings") == ["Broken link", "Overdue page"]
    assert titles(q="grief") == ["Grief and loss"]


def test_a_page_added_or_removed_by_hand_shows_in_the_list_after_a_sync(editor_client, pages):
    url = reverse("admin:editor_contentpage_changelist")
    (pages.root / "by-hand.md").write_text(
        (pages.root / "faq.md").read_text().replace("Questions people", "Written by hand")
    )
    (pages.root / "faq.md").unlink()
    assert "Written by hand" not in editor_client.get(url).content.decode()  # not synced yet
    pages.sync()  # what `manage.py sync_content` (or `make run`'s watcher) does
    html = editor_client.get(url).content.decode()
    relpaths = set(ContentPage.objects.values_list("relpath", flat=True))
    assert "by-hand.md" in relpaths and "faq.md" not in relpaths
    assert "Written by hand" in html and "on disk" in html
    assert ContentPage.objects.get(relpath="by-hand.md").edited_by == ""


# --- Shared preview links -----------------------------------------------------------------


def share_link(client, row):
    response = client.post(reverse("admin:editor_contentpage_share", args=[row.pk]))
    return response.context["link"]


def test_a_preview_link_shows_a_draft_to_anyone_until_it_expires(
    editor_client, pages, public, settings
):
    pages.page("new-idea.md", title="A new idea", draft="true", body="Draft words.")
    row = row_for(editor_client, "new-idea.md")
    link = share_link(editor_client, row)
    path = link.split("testserver", 1)[1]
    assert path.startswith("/preview/") and "?" not in path

    assert public.get("/new-idea/").status_code == 404  # the public address stays hidden
    response = public.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>A new idea</h1>" in html and "Draft words." in html
    assert "the public cannot see it yet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"

    # The link shows the version it was made from; a later edit needs a new link.
    (pages.root / "new-idea.md").write_text(
        (pages.root / "new-idea.md").read_text().replace("Draft words.", "Better words.")
    )
    pages.sync()
    later = public.get(path).content.decode()
    assert "Draft words." in later and "Better words." not in later
    assert "The page has been changed since this link was made" in later

    settings.EDITOR_PREVIEW_LINK_DAYS = 0
    expired = public.get(path)
    assert expired.status_code == 410
    assert "This preview link has expired" in expired.content.decode()


def test_a_tampered_preview_link_does_not_work(editor_client, pages, public):
    row = row_for(editor_client, "faq.md")
    path = share_link(editor_client, row).split("testserver", 1)[1]
    token = path.split("/")[2]
    forged = signing.dumps({"p": "../../etc/passwd"}, salt="other")
    for bad in (token[:-2] + "xx", forged, "nonsense", "x" * 5000):
        response = public.get(f"/preview/{bad}/")
        assert response.status_code == 404
        assert "This preview link does not work" in response.content.decode()


# --- Images --------------------------------------------------------------------------------


def image_file(name="photo.jpg", size=(3000, 2000), kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 106)).save(buffer, kind)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_upload_an_image_resized_and_served_as_media(editor_client, pages, public, settings):
    row = row_for(editor_client, "problem-areas/grief.md")
    url = reverse("admin:editor_contentpage_images", args=[row.pk])
    response = editor_client.post(url, {"image": image_file("Big Photo.JPG"), "alt": "A calm sea"})
    uploaded = response.context["uploaded"]
    assert uploaded["url"] == "/media/content-images/problem-areas/grief/big-photo.jpg"
    assert uploaded["markdown"] == f"![A calm sea]({uploaded['url']})"
    stored = settings.MEDIA_ROOT / "content-images/problem-areas/grief/big-photo.jpg"
    with Image.open(stored) as image:
        assert image.size == (1400, 933)
    served = public.get(uploaded["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"

    # Used in the page, it passes the checks; a missing image is reported.
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] += f"\n\n{uploaded['markdown']}\n\n![Gone](/media/content-images/gone.png)"
    editor_client.post(edit_url(row), data)
    row = row_for(editor_client, "problem-areas/grief.md")
    problems = " ".join(problem.message for problem in row.problem_list())
    assert "The image or file /media/content-images/gone.png does not exist" in problems
    assert "big-photo" not in problems
    page = public.get("/problem-areas/grief/").content.decode()
    assert f'<img alt="A calm sea" src="{uploaded["url"]}">' in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (io.BytesIO(b"not an image at all"), "This file is not an image we can read"),
        (image_file("anim.gif", kind="GIF"), "Please upload a JPEG, PNG or WebP image."),
    ],
)
def test_a_bad_image_is_refused_with_a_clear_message(editor_client, pages, upload, message):
    upload.name = getattr(upload, "name", "file.jpg")
    row = row_for(editor_client, "faq.md")
    url = reverse("admin:editor_contentpage_images", args=[row.pk])
    response = editor_client.post(url, {"image": upload, "alt": "Something"})
    assert message in response.content.decode()
    assert response.context["uploaded"] is None


def test_an_image_needs_a_description(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    url = reverse("admin:editor_contentpage_images", args=[row.pk])
    response = editor_client.post(url, {"image": image_file()})
    assert "Describe the image for people who cannot see it." in response.content.decode()


# --- Content health ----------------------------------------------------------------------


@pytest.fixture
def unhealthy(pages):
    today = timezone.localdate()
    pages.page("old.md", title="Old page", reviewed="2020-01-01", next_review="2021-01-01")
    pages.page(
        "soon.md", title="Soon page", next_review=(today + datetime.timedelta(days=5)).isoformat()
    )
    pages.page("links.md", title="Links", body="Read [this](/missing/).")
    return pages


def test_the_health_page_lists_problems_and_reviews(editor_client, unhealthy):
    response = editor_client.get(reverse("admin:editor_contentpage_health"))
    html = response.content.decode()
    assert "<h1>Content health</h1>" in html
    assert "Overdue by" in html and "Old page" in html
    assert "Due in 5 days" in html and "Soon page" in html
    assert "/missing/ goes to a page that does not exist" in html
    assert "content/links.md" in html


def test_the_weekly_email_goes_to_each_content_editor(editor, unhealthy, settings):
    make_user("sam")
    make_user("not-an-editor", group=False)
    make_user("away", is_active=False)
    settings.SITE_URL = "https://ipt.example.org"
    call_command("send_content_health", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.org", "sam@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Website content: 2 problems, 2 reviews due"
    assert "REVIEWS OVERDUE" in message.body and "Old page" in message.body
    assert "/missing/ goes to a page that does not exist" in message.body
    assert "https://ipt.example.org/admin/editor/contentpage/health/" in message.body


def test_no_email_when_all_is_well(editor, pages):
    out = io.StringIO()
    call_command("send_content_health", stdout=out)
    assert mail.outbox == []
    assert "nothing sent" in out.getvalue()
