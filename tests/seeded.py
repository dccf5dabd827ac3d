"""The rows data migrations seed (problem areas, formats, insurers, help lines), put back
after a transactional test's flush emptied them: tests that need them call this first."""

import importlib

SEEDING_MIGRATIONS = (
    "ipt_site.therapists.migrations.0002_seed_lookups",
    "ipt_site.therapists.migrations.0009_plain_area_names_and_insurers",
    "ipt_site.helplines.migrations.0002_seed_and_content_editors",
)


def put_back_seeded_rows() -> None:
    from django.apps import apps

    for migration in SEEDING_MIGRATIONS:
        importlib.import_module(migration).seed(apps, None)
