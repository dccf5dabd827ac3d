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
