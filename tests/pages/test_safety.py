"""Sanitising, drafts and path traversal."""

import pytest

pytestmark = pytest.mark.django_db


def test_script_and_event_handlers_never_reach_the_page(client, content):
    content.page(
        "evil.md",
        title="Evil",
        body=(
            "<script>alert('x')</script>\n\n"
            '<a href="javascript:alert(1)" onclick="steal()">click</a>\n\n'
            '<img src="x" onerror="steal()">\n\n<iframe src="https://example.com"></iframe>\n\n'
            '<p style="position:fixed">styled</p>'
        ),
    )
    text = client.get("/evil/").text
    main = text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "<script" not in main
    assert "alert(" not in main
    assert "onclick" not in main and "onerror" not in main
    assert "javascript:" not in main
    assert "<iframe" not in main
    assert "style=" not in main
    assert "click" in main and "styled" in main  # the harmless text stays


def test_draft_is_hidden_from_the_public_and_the_sitemap(client, content):
    content.page("secret.md", title="Secret", draft="true")
    assert client.get("/secret/").status_code == 404
    assert "/secret/" not in client.get("/sitemap.xml").text


def test_draft_is_visible_to_staff(client, content, django_user_model):
    content.page("secret.md", title="Secret", draft="true")
    staff = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    response = client.get("/secret/")
    assert response.status_code == 200
    assert "Only signed-in staff can see this page" in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_non_staff_user_cannot_see_drafts(client, content, django_user_model):
    content.page("secret.md", title="Secret", draft="true")
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    assert client.get("/secret/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../settings.py",
        "/..%2f..%2fetc%2fpasswd/",
        "/%2e%2e/%2e%2e/etc/passwd/",
        "/problem-areas/..%2F..%2Fipt_site%2Fsettings/",
        "/_index/",
        "/_index.md",
        "/faq.md",
        "/faq/_index/",
        "/FAQ/",
        "/faq%00/",
        "/faq//",
        "/etc/passwd/",
        "/ipt_site/settings/",
        "/static/../manage.py",
        "/" + "a/" * 60,
    ],
)
def test_traversal_and_odd_paths_get_the_404_page(client, content, path):
    content.page("faq.md", title="FAQ")
    response = client.get(path)
    assert response.status_code == 404
    assert "SECRET_KEY" not in response.text
    assert "root:" not in response.text


def test_a_file_outside_the_content_folder_is_never_served(client, content):
    outside = content.root.parent / "outside.md"
    outside.write_text("---\ntitle: Outside\nsummary: No.\n---\nPRIVATE\n")
    for path in ("/outside/", "/../outside/", "/%2e%2e/outside/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "PRIVATE" not in response.text
