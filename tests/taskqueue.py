"""The database task queue in tests: what production runs, with the real worker.

Tests that prove a request only enqueues use the `task_queue` fixture (tests/conftest.py):
`enqueue()` then writes a row and nothing runs until `task_queue.run()`. Those tests need
`@pytest.mark.django_db(transaction=True)`: the worker commits, as it does in production.
"""

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class TaskQueue:
    def run(self) -> int:
        """Run the worker (`manage.py db_worker --batch`) until no task is ready; returns
        how many rows finished meanwhile."""
        before = DBTaskResult.objects.finished().count()
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        return DBTaskResult.objects.finished().count() - before

    def rows(self, **filters):
        return list(DBTaskResult.objects.filter(**filters).order_by("enqueued_at"))

    def ready(self, **filters):
        return self.rows(status=TaskResultStatus.READY, **filters)

    def time_passes(self) -> None:
        """Every waiting task becomes due now, as if its delay were over."""
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
