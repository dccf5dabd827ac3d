"""The search index table, and its full-text index for the database in use.

SQLite: an FTS5 table over title, summary and body (porter stemming, accents folded),
kept in step with search_document by triggers (FTS5's "external content" pattern).
PostgreSQL: a GIN index on search_vector. Each part is created only on its own database.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

FTS_SQL = [
    """
    CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title, summary, body,
        content='search_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO search_document_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    # Rows that existed before the table (none on a new install) are indexed too.
    "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')",
]
DROP_FTS_SQL = [
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TABLE IF EXISTS search_document_fts",
]


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in FTS_SQL:
            schema_editor.execute(sql)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP_FTS_SQL:
            schema_editor.execute(sql)


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """An index in the model's state everywhere, but built only on PostgreSQL (GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("version", models.CharField(blank=True, max_length=200)),
            ],
            options={"db_table": "search_index_state"},
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=600, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("page", "Page"),
                            ("article", "Article"),
                            ("glossary", "Glossary"),
                            ("question", "Question"),
                            ("therapist", "Therapist"),
                        ],
                        max_length=20,
                    ),
                ),
                ("url", models.CharField(max_length=500)),
                ("title", models.CharField(max_length=255)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("date", models.DateField(blank=True, null=True)),
                ("checksum", models.CharField(max_length=32)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
            options={"db_table": "search_document"},
        ),
        AddIndexOnPostgreSQL(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="search_document_vector"
            ),
        ),
        migrations.RunPython(create_fts, drop_fts, elidable=False),
    ]
