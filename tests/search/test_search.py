"""Site search on the database in use (SQLite FTS5 or PostgreSQL): run on both in CI."""

import logging
import re

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from ipt_site.search import backends, indexer
from ipt_site.search.models import Document, IndexState
from ipt_site.therapists.models import Language, Therapist
from tests.therapists.conftest import create_therapist

from .conftest import postgresql_only, result_urls, sqlite_only

pytestmark = pytest.mark.django_db


# Finding things ------------------------------------------------------------------------


def test_a_stemmed_word_finds_the_page(search, content):
    body = "Grief is the pain of losing someone."
    content.page("problem-areas/grief.md", title="Loss", body=body)
    content.page("other.md", title="Other", body="Nothing to see here.")
    for typed in ["grieving", "grief", "GRIEF", "losing", "loses", "pained"]:
        urls = result_urls(search(typed))
        assert "/problem-areas/grief/" in urls and "/other/" not in urls, typed


def test_british_and_american_spellings_find_each_other(search, content):
    content.page("a.md", title="A", body="We look at behaviour and how you organise your week.")
    content.page("b.md", title="B", body="Some behavior and organization, spelt the American way.")
    assert set(result_urls(search("behavior"))) == {"/a/", "/b/"}
    assert set(result_urls(search("behaviour"))) == {"/a/", "/b/"}
    assert set(result_urls(search("organized"))) == {"/a/", "/b/"}


def test_a_therapist_is_found_by_town_language_and_area(search, content):
    create_therapist(
        name="Amira Hassan",
        slug="amira-hassan",
        location="Huddersfield",
        languages=["urdu"],
        areas=["grief"],
        other=["anxiety"],
    )
    create_therapist(name="Hidden Person", location="Huddersfield", published=False)
    for typed in ["Huddersfield", "urdu", "anxiety", "Amira", "hassan huddersfield"]:
        response = search(typed)
        assert "/therapists/amira-hassan/" in result_urls(response), typed
        assert "Hidden Person" not in response.text


def test_glossary_terms_are_separate_results(search, content):
    content.page(
        "glossary.md",
        title="Glossary",
        body="Words.\n\n## Sick role\n\nA short break from some duties.\n\n"
        "## Role play\n\nPractising what you will say.\n",
    )
    response = search("duties")
    assert result_urls(response) == ["/glossary/#sick-role"]
    assert "Glossary" in response.text  # the kind of result
    assert result_urls(search("practising")) == ["/glossary/#role-play"]


def test_faq_questions_are_separate_results(search, content):
    content.page(
        "faq.md",
        title="Questions",
        template="faq",
        body="Intro.\n\n## Can I take tablets?\n\nYes, talk to your GP first.\n",
    )
    assert result_urls(search("tablets")) == ["/faq/#can-i-take-tablets"]


def test_articles_are_found_with_their_date(search, article_page, no_synonyms):
    article_page("stuck", "When grief gets stuck", "Some words about mourning.", "2026-11-24")
    response = search("mourning")
    assert result_urls(response) == ["/articles/stuck/"]
    assert '<time datetime="2026-11-24">24 November 2026</time>' in response.text


def test_app_pages_are_found(search, content):
    assert "/therapists/" in result_urls(search("find a therapist"))
    assert "/contact/" in result_urls(search("enquiry"))
    assert "/self-check/my-relationships/" in result_urls(search("worksheet"))


def test_drafts_are_never_found(search, content, no_synonyms):
    content.page("secret.md", title="Secret", body="Confidential plans.", draft="true")
    assert result_urls(search("confidential")) == []


def test_title_matches_rank_first(search, content):
    content.page("mentions.md", title="Other things", body="Once we mention sleep here.")
    content.page("sleep.md", title="Sleep", body="All about rest " * 30)
    assert result_urls(search("sleep"))[0] == "/sleep/"


def test_all_words_first_then_any_word_with_a_note(search, content):
    content.page("a.md", title="A", body="Marmalade on toast.")
    content.page("b.md", title="B", body="Porridge for breakfast.")
    both = search("marmalade porridge")
    assert sorted(result_urls(both)) == ["/a/", "/b/"]
    assert "No page has all of your words" in both.text


# What is shown, and how safely ---------------------------------------------------------


def test_matches_are_highlighted(search, content):
    content.page("a.md", title="A", body="The closeness circle is a drawing of your people.")
    response = search("drawing")
    assert "<mark>drawing</mark>" in response.text


def test_snippets_cannot_inject_markup(search, content):
    create_therapist(
        name='Eve <img src=x onerror="alert(1)">',
        slug="eve",
        introduction="<script>alert(2)</script> grief & loss </mark><b>bold</b>",
        location="Leeds",
    )
    response = search("leeds")
    assert "/therapists/eve/" in result_urls(response)
    assert "<script>alert(2)" not in response.text
    assert "<img src=x" not in response.text
    assert "<b>bold</b>" not in response.text
    assert "Eve &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>" in response.text
    # The only markup in a snippet is the index's own <mark> around a matched word (the
    # text's "</mark>" is escaped on SQLite; PostgreSQL's headline drops tags itself).
    [snippet] = re.findall(r'<p class="search-result-snippet">(.*?)</p>', response.text, re.S)
    assert "<mark>Leeds</mark>" in snippet
    assert "<" not in re.sub(r"<mark>[^<]*</mark>", "", snippet)
    assert "alert(2)" in snippet


def test_highlight_escapes_before_marking():
    marked = backends.highlight("a <b> \ue000grief\ue001 & \ue000 stray")
    assert marked == "a &lt;b&gt; <mark>grief</mark> &amp;  stray"


def test_no_results_suggests_the_guide_the_faq_and_urgent_help(search, content):
    response = search("xylophone")
    assert "Nothing matched “xylophone”." in response.text
    assert 'href="/self-check/problem-areas/"' in response.text
    assert 'href="/faq/"' in response.text
    assert 'href="#urgent-help"' in response.text and 'id="urgent-help"' in response.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("x" * 10_000, "That is a lot to search for at once."),
        ("😀 !!", "We could not find any words to search for in that."),
    ],
)
def test_calm_messages(search, content, typed, message):
    response = search(typed)
    assert response.status_code == 200
    assert message in response.text
    assert "x" * 300 not in response.text  # a very long query is not shown back


def test_search_page_is_noindex_never_stored_and_sends_no_referrer(search, content):
    response = search("grief")
    assert '<meta name="robots" content="noindex">' in response.text
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<link rel="canonical" href="http://testserver/search/">' in response.text
    assert len(re.findall(r"<h1[\s>]", response.text)) == 1


def test_search_is_not_in_the_sitemap(client, content):
    assert "/search/" not in client.get("/sitemap.xml").text


def test_every_page_has_the_search_box_in_its_header(client, content):
    text = client.get("/").text
    header = text.split("<header")[1].split("</header>")[0]
    assert '<form class="search-form search-form-header" method="get" action="/search/"' in header
    assert '<label class="visually-hidden" for="site-search-q">Search this site</label>' in header
    assert 'name="q" id="site-search-q"' in header


def test_the_query_is_never_logged(search, content, caplog):
    secret = "thoughtsofselfharm"
    content.page("a.md", title="A", body="Some text.")
    with caplog.at_level(logging.DEBUG):
        search(secret)
        search(secret + " " + "x" * 300)
        search(f'{secret} \x00 "NEAR(')
    logged = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)
    assert secret not in logged
    assert caplog.records  # the test did capture the search's own log lines


# The index stays exact -----------------------------------------------------------------


def test_edits_to_content_are_searchable_as_soon_as_they_are_synced(search, content):
    content.page("a.md", title="A", body="Before the edit: marmalade.")  # written and synced
    assert result_urls(search("marmalade")) == ["/a/"]
    content.page("a.md", title="A", body="After the edit: porridge.")
    assert result_urls(search("marmalade")) == []
    assert result_urls(search("porridge")) == ["/a/"]
    content.remove("a.md")
    assert result_urls(search("porridge")) == []


def test_only_changed_documents_are_written(search, content):
    content.page("a.md", title="A", body="Apples.")
    content.page("b.md", title="B", body="Bananas.")
    before = dict(Document.objects.values_list("key", "checksum"))
    written = []
    original = indexer._write

    def indexer_write(docs, scope):
        written.extend(doc.key for doc in docs)
        return original(docs, scope=scope)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer, "_write", indexer_write)
        content.page("b.md", title="B", body="Blueberries.")
    assert "page:/b/" in written and "page:/a/" not in written  # only b's page was built
    assert result_urls(search("blueberries")) == ["/b/"]
    after = dict(Document.objects.values_list("key", "checksum"))
    assert after["page:/a/"] == before["page:/a/"]
    assert Document.objects.get(key="page:/b/").body == "Blueberries."


def test_a_search_never_writes_for_content_and_runs_few_queries(
    search, content, django_assert_max_num_queries
):
    indexer.sync_therapists()  # the therapists' half is up to date (it is not this test's)
    content.page("a.md", title="A", body="Apples.")
    # Staff's synonyms, the therapist index's version and fingerprint, the count and the
    # results; and the versions' row (tests re-read it on every request), for the help
    # lines the page shows.
    with django_assert_max_num_queries(6) as queries:
        assert result_urls(search("apples")) == ["/a/"]
    statements = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    assert set(statements) == {"SELECT"}


def test_therapist_changes_reach_the_index_by_signals(content, django_capture_on_commit_callbacks):
    def found(town):
        return backends.search(_parse(town), limit=10)[0]

    with django_capture_on_commit_callbacks(execute=True):
        therapist = create_therapist(name="Sam Jones", location="Bradford")
    assert found("bradford") == 1
    with django_capture_on_commit_callbacks(execute=True):
        therapist.location = "Halifax"
        therapist.save()
    assert found("bradford") == 0 and found("halifax") == 1
    with django_capture_on_commit_callbacks(execute=True):
        therapist.languages.add(Language.objects.get(slug="welsh"))
    assert found("welsh") == 1
    with django_capture_on_commit_callbacks(execute=True):
        Language.objects.filter(slug="welsh").update(name="Cymraeg")
        Language.objects.get(slug="welsh").save()
    assert found("cymraeg") == 1
    with django_capture_on_commit_callbacks(execute=True):
        therapist.delete()
    assert found("halifax") == 0


def test_a_failed_index_update_never_fails_the_save(
    content, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(pk):
        raise DatabaseError("disk full")

    indexer.sync_therapists()
    monkeypatch.setattr(indexer, "sync_therapist", broken)
    with django_capture_on_commit_callbacks(execute=True):
        therapist = create_therapist(name="Sam Jones", location="Bradford")
    assert Therapist.objects.filter(pk=therapist.pk).exists()
    assert "could not be indexed" in caplog.text
    # Marked out of date, so the next search rebuilds the therapists' entries.
    assert IndexState.objects.get(name=indexer.THERAPISTS).version == ""
    monkeypatch.undo()
    assert backends.search(_parse("bradford"), limit=10)[0] == 1


def test_bulk_changes_without_signals_are_caught_by_the_fingerprint(search, content):
    create_therapist(name="Sam Jones", slug="sam-jones", location="Bradford")
    assert result_urls(search("bradford")) == ["/therapists/sam-jones/"]
    # The admin's "unpublish" action: one UPDATE, no signals.
    Therapist.objects.update(published=False, updated=timezone.now())
    assert result_urls(search("bradford")) == []


def test_rebuild_command(content, capsys):
    content.page("a.md", title="A", body="Apples.")
    call_command("rebuild_search_index")
    assert Document.objects.filter(key="page:/a/").exists()
    assert "Search index rebuilt" in capsys.readouterr().out


# Each database's own machinery ---------------------------------------------------------


@sqlite_only
def test_sqlite_uses_fts5_kept_in_step_by_triggers(content):
    indexer.index_content(everything=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_document_fts'")
        definition = cursor.fetchone()[0]
        assert "fts5" in definition and "porter" in definition
        cursor.execute("SELECT count(*) FROM search_document_fts")
        assert cursor.fetchone()[0] == Document.objects.count() > 0
        # FTS5 raises an error here if the index and the table disagree.
        cursor.execute(
            "INSERT INTO search_document_fts(search_document_fts) VALUES ('integrity-check')"
        )


@postgresql_only
def test_postgresql_uses_a_gin_index_and_weighted_vectors(content):
    content.page("a.md", title="Grief", body="Some text.")
    indexer.index_content(everything=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_vector'")
        assert "USING gin" in cursor.fetchone()[0]
    doc = Document.objects.get(key="page:/a/")
    assert "'grief':1A" in str(doc.search_vector)


@postgresql_only
def test_postgresql_stemming_uses_the_english_configuration(search, content):
    content.page("a.md", title="A", body="Many people feel better over the following weeks.")
    assert result_urls(search("feeling")) == ["/a/"]


@pytest.fixture
def article_page(content):
    def write(slug, title, body, date):
        return content.page(
            f"articles/{slug}.md", title=title, body=body, date=date, template="article"
        )

    return write


def _parse(text):
    from ipt_site.search import query

    indexer.ensure_fresh()
    return query.parse(text)


def test_results_past_the_first_twenty_are_on_further_pages(search, content):
    for number in range(25):
        content.page(f"walk-{number:02}.md", title=f"Walks {number:02}", body="A walk in the park.")
    first = search("walk")
    assert "25 results" in first.text and "Showing 1 to 20." in first.text
    assert first.text.count('class="search-result"') == 20
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    second = search("walk", page="2")
    assert "Showing 21 to 25." in second.text and 'start="21"' in second.text
    assert second.text.count('class="search-result"') == 5
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    titles = set(re.findall(r">Walks (\d\d)<", first.text + second.text))
    assert len(titles) == 25  # every page once, none twice
    # A page past the end shows the last one; nonsense shows the first; never an error.
    assert "Showing 21 to 25." in search("walk", page="9").text
    for odd in ("0", "-1", "abc", "99999999999999999999", "1.5"):
        response = search("walk", page=odd)
        assert response.status_code == 200 and "Showing 1 to 20." in response.text
