"""Therapist changes are indexed by the task queue's worker, not inside the request."""

import pytest

from ipt_site.search import backends
from ipt_site.search.query import parse
from tests.therapists.conftest import create_therapist


def found(words):
    return backends.search(parse(words), limit=10)[0]


@pytest.mark.django_db(transaction=True)
def test_a_saved_therapist_is_queued_for_the_index_and_the_worker_indexes_it(task_queue):
    therapist = create_therapist(name="Sam Jones", location="Bradford")
    assert found("bradford") == 0  # the save only queued the update
    assert {row.task_path for row in task_queue.ready()} == {
        "ipt_site.search.tasks.index_therapist"
    }
    task_queue.run()
    assert found("bradford") == 1

    therapist.location = "Halifax"
    therapist.save()
    task_queue.run()
    assert found("bradford") == 0 and found("halifax") == 1


@pytest.mark.django_db
def test_a_rename_without_signals_is_indexed_at_the_next_search_after_the_migration(client):
    """Therapist migration 0009 renamed areas with update(); search migration 0002 marks the
    therapists' entries out of date so the next search writes the new names."""
    import importlib

    from django.apps import apps

    from ipt_site.search import indexer
    from ipt_site.therapists.models import ProblemArea

    create_therapist(name="Sam Jones", areas=["grief"])
    indexer.sync_therapists(force=True)
    ProblemArea.objects.filter(slug="grief").update(name="Quokkas and sorrow")
    client.get("/search/?q=quokkas")  # the fingerprint alone does not see update()
    assert found("quokkas") == 0
    migration = importlib.import_module(
        "ipt_site.search.migrations.0002_reindex_therapists_after_plain_names"
    )
    migration.mark_out_of_date(apps, None)
    client.get("/search/?q=quokkas")
    assert found("quokkas") == 1
