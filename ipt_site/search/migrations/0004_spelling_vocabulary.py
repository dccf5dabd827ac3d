""" "Did you mean" reads the index's own words: a view of them on each database.

PostgreSQL: the pg_trgm extension (trigram similarity; a trusted extension, so the site's
database owner may create it). SQLite: an `fts5vocab` table, a read-only view of the terms
in search_document_fts. Each is made only on its own database.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

VOCAB_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_document_vocab "
    "USING fts5vocab(search_document_fts, 'row')"
)


def create_vocab(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(VOCAB_SQL)


def drop_vocab(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_document_vocab")


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's operation skips other databases going forwards but not backwards (it asks
    pg_extension): unapplying this on SQLite must do nothing too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonyms")]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_vocab, drop_vocab, elidable=False),
    ]
