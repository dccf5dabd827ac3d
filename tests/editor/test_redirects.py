"""Moved pages' old addresses: django.contrib.redirects, for the one site."""

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse

from ipt_site.web.sites import remember_site, update_site

pytestmark = pytest.mark.django_db


def moved(old="/old-grief/", new="/problem-areas/grief/"):
    return Redirect.objects.create(site_id=1, old_path=old, new_path=new)


def test_an_old_address_redirects_with_its_query_string(pages, public):
    moved()
    response = public.get("/old-grief/?from=card&x=1")
    assert response.status_code == 301
    assert response["Location"] == "/problem-areas/grief/?from=card&x=1"
    assert public.head("/old-grief/").status_code == 301


def test_only_a_missing_page_is_redirected_and_only_for_get(pages, public):
    moved(old="/faq/", new="/problem-areas/grief/")  # a page is there: it wins
    assert public.get("/faq/").status_code == 200
    moved()
    response = public.post("/old-grief/")
    assert response.status_code in (404, 405)
    assert not response.has_header("Location")


def test_a_redirect_with_no_new_address_says_the_page_has_gone(pages, public):
    moved(new="")
    assert public.get("/old-grief/").status_code == 410


def test_a_database_error_while_looking_up_gives_the_404_not_a_500(pages, public, caplog):
    moved()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE django_redirect RENAME TO django_redirect_gone")
    response = public.get("/old-grief/")
    assert response.status_code == 404
    assert "Could not look up a redirect" in caplog.text


def test_the_site_is_never_example_com_and_follows_the_site_url(settings):
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == "localhost"  # no IPT_SITE_URL in the tests
    assert site.name == settings.SITE_NAME
    settings.SITE_URL = "https://ipt.example.org"
    try:
        update_site()
        assert Site.objects.get(pk=settings.SITE_ID).domain == "ipt.example.org"
        assert get_current_site(RequestFactory().get("/")).domain == "ipt.example.org"
    finally:
        settings.SITE_URL = ""
        remember_site()


def test_the_sitemap_names_the_host_it_was_asked_on(pages, client, settings):
    settings.ALLOWED_HOSTS = ["ipt.example.net"]
    xml = client.get("/sitemap.xml", HTTP_HOST="ipt.example.net").text
    assert "<loc>http://ipt.example.net/problem-areas/grief/</loc>" in xml
    assert "localhost" not in xml
    assert "example.com" not in xml


def test_staff_manage_redirects_in_the_admins_redirects_screen(editor_client, pages, public):
    add = reverse("admin:redirects_redirect_add")
    page = editor_client.get(add)
    assert page.status_code == 200
    assert "Old address" in page.text
    assert "New address" in page.text
    assert 'name="site"' not in page.text  # there is one site
    response = editor_client.post(add, {"old_path": "/sad/", "new_path": "/faq/"})
    assert response.status_code == 302
    assert Redirect.objects.get(old_path="/sad/").site_id == 1
    assert public.get("/sad/")["Location"] == "/faq/"
    listing = editor_client.get(reverse("admin:redirects_redirect_changelist")).text
    assert "/sad/" in listing
    assert "Old address" in listing and "New address" in listing


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_every_old_redirect_and_back():
    try:
        executor = MigrationExecutor(connection)
        before = [("editor", "0004_preview_links")]
        after = [("editor", "0005_redirects_to_contrib_redirects")]
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        PageRedirect = old_apps.get_model("editor", "PageRedirect")
        PageRedirect.objects.create(old_url="/a/", new_url="/b/")
        PageRedirect.objects.create(old_url="/c/", new_url="/d/?x=1")

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert sorted(Redirect.objects.values_list("site_id", "old_path", "new_path")) == [
            (1, "/a/", "/b/"),
            (1, "/c/", "/d/?x=1"),
        ]

        Redirect.objects.filter(old_path="/a/").update(new_path="/e/")
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        PageRedirect = old_apps.get_model("editor", "PageRedirect")
        assert sorted(PageRedirect.objects.values_list("old_url", "new_url")) == [
            ("/a/", "/e/"),
            ("/c/", "/d/?x=1"),
        ]
    finally:
        # Back to every app's latest migration, not just this one's: later migrations
        # (editor 0006 onwards) would otherwise stay undone for the tests after this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
