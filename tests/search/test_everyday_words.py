"""Search in everyday words: staff's synonyms, ranking by any of the words when all of them
find little, and "did you mean" from the site's own words. Runs on SQLite and PostgreSQL."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection

from ipt_site.search import query, selectors, spelling
from ipt_site.search.models import Synonym

from .conftest import postgresql_only, result_urls, sqlite_only

pytestmark = pytest.mark.django_db


# Synonyms ------------------------------------------------------------------------------


def test_a_synonym_row_lets_an_everyday_word_find_the_pages_word(search, content, no_synonyms):
    content.page("conflict.md", title="Conflict with someone close", body="A clash or a row.")
    assert result_urls(search("quarrel")) == []
    Synonym.objects.create(words="quarrel, quarrelling", also_find="clash, row")
    # The very next search uses it: nothing is cached.
    assert result_urls(search("quarrel")) == ["/conflict/"]
    assert result_urls(search("quarrels")) == ["/conflict/"]  # a plural finds the word's row
    assert result_urls(search("quarrelling")) == ["/conflict/"]


def test_synonyms_work_one_way(search, content, no_synonyms):
    content.page("a.md", title="A", body="What it costs.")
    content.page("b.md", title="B", body="The price list.")
    Synonym.objects.create(words="cost", also_find="price")
    assert sorted(result_urls(search("cost"))) == ["/a/", "/b/"]
    assert result_urls(search("price")) == ["/b/"]


def test_the_site_starts_with_a_synonym_list_content_editors_may_edit():
    table = selectors.synonyms()
    assert {"row", "clash", "conflict"} <= table["argument"]
    assert {"price", "fee"} <= table["cost"]
    editors = Group.objects.get(name="Content editors")
    granted = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_synonym", "change_synonym", "delete_synonym", "view_synonym"} <= granted


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("falling out", "“falling out” is not one word"),
        ("argument, the", "“the” is too common a word"),
        (" , ", "Write at least one word."),
    ],
)
def test_a_synonym_must_be_single_words(words, message):
    with pytest.raises(ValidationError) as caught:
        Synonym(words=words, also_find="row").full_clean()
    assert message in str(caught.value.message_dict["words"])


def test_a_synonym_list_is_tidied_on_save():
    synonym = Synonym(words=" Argue,ARGUING , argue", also_find="Row,clash")
    synonym.full_clean()
    assert (synonym.words, synonym.also_find) == ("argue, arguing", "row, clash")


def test_synonyms_are_edited_in_the_admin(admin_client, search, content):
    content.page("a.md", title="A", body="A clash.")
    response = admin_client.post(
        "/admin/search/synonym/add/", {"words": "squabble", "also_find": "clash", "note": ""}
    )
    assert response.status_code == 302
    assert result_urls(search("squabble")) == ["/a/"]
    home = admin_client.get("/admin/")
    assert "Search synonyms" in home.text


def test_parse_uses_synonyms_without_touching_the_database():
    parsed = query.parse("arguments at home", {"argument": frozenset({"row", "clash"})})
    assert parsed.terms == ["arguments", "home"]
    assert {"arguments", "row", "clash"} <= parsed.groups[0]


def test_everyday_filler_words_are_not_searched_for():
    assert query.parse("how much does it cost").terms == ["cost"]
    assert query.parse("what is a session like").terms == ["session"]


# Ranking by any of the words -----------------------------------------------------------


def test_when_all_words_find_little_pages_with_more_of_them_come_next(search, content, no_synonyms):
    content.page("all.md", title="All", body="Marmalade, porridge and toast.")
    content.page("two.md", title="Two", body="Marmalade and porridge.")
    content.page("one.md", title="One", body="Just toast here, toast and toast again.")
    response = search("marmalade porridge toast")
    assert result_urls(response) == ["/all/", "/two/", "/one/"]
    assert "3 results. The first one has all of your words" in response.text


def test_when_all_words_find_enough_only_those_are_listed(search, content, no_synonyms):
    for name in "abc":
        content.page(f"{name}.md", title=name.upper(), body="Marmalade and porridge.")
    content.page("d.md", title="D", body="Only marmalade.")
    response = search("marmalade porridge")
    assert sorted(result_urls(response)) == ["/a/", "/b/", "/c/"]
    assert "3 results for “marmalade porridge”" in response.text


# Did you mean --------------------------------------------------------------------------


def test_a_misspelt_word_shows_results_for_the_sites_own_word(search, content):
    content.page("grief.md", title="Grief and loss", body="Grief is the pain of loss.")
    response = search("greif")
    assert result_urls(response)[0] == "/grief/"
    assert "Nothing matched “greif”. Showing results for <strong>“grief”</strong>" in (
        response.text
    )


def test_the_word_offered_is_the_one_the_pages_use_not_its_stem(search, content):
    content.page("low.md", title="Low mood", body="Depression is common. Depression can lift.")
    response = search("depresion")
    assert "“depression”" in response.text
    assert result_urls(response)[0] == "/low/"


def test_a_misspelt_word_beside_a_known_one_is_offered_as_a_link(search, content):
    content.page("grief.md", title="Grief", body="Grief and support.")
    content.page("help.md", title="Help", body="Support for you.")
    response = search("greif support")
    assert 'Did you mean <a href="/search/?q=grief+support">grief support</a>?' in response.text


def test_nothing_is_offered_for_a_word_unlike_any_on_the_site(search, content):
    content.page("grief.md", title="Grief", body="Grief and loss.")
    response = search("zebra")
    assert "Did you mean" not in response.text and "Showing results for" not in response.text
    assert "Nothing matched “zebra”" in response.text


def test_a_common_word_is_never_offered(search, content):
    content.page("a.md", title="A", body="And and and the them then.")
    assert spelling.suggest("anxeity") is None


def test_edit_distance_counts_a_swap_as_one_slip():
    assert spelling.edit_distance("greif", "grief") == 1
    assert spelling.edit_distance("depresion", "depression") == 1
    assert spelling.edit_distance("cat", "dog") == 3


def test_suggestions_write_nothing_and_log_no_query(search, content, caplog):
    content.page("grief.md", title="Grief", body="Grief.")
    search("grief")  # the index is built by the first search
    with caplog.at_level(logging.DEBUG), connection.execute_wrapper(_refuse_writes):
        response = search("greif")
    assert "Showing results for" in response.text
    assert "greif" not in "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)


def _refuse_writes(execute, sql, params, many, context):
    assert not sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "CREATE")), sql
    return execute(sql, params, many, context)


@sqlite_only
def test_sqlite_reads_the_fts5_vocabulary(search, content):
    content.page("a.md", title="A", body="Marmalade.")
    search("marmalade")
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_document_vocab WHERE term = 'marmalad'")
        assert cursor.fetchone()


@postgresql_only
def test_postgresql_has_pg_trgm():
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('grief', 'greif')")
        assert 0 < cursor.fetchone()[0] < 1
