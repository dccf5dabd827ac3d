"""Issue 21: content findings stay out of the deploy gate, and a plain `check` never reads
the database.

`check --deploy --fail-level WARNING` (the release step in docs/deployment.md) failed on
content warnings the editor allows (a page without references, an unknown field), so a
routine edit could block a deploy. Content checks now run under their own tag, with a
database: `check --tag content --database default` and `check_content`.
"""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def routine_edit(content):
    """Two warnings the editor lets a page be saved with."""
    content.page("_index.md", title="Home")
    content.page("plain.md", title="Plain", references=[])
    content.page("odd.md", title="Odd", colour="blue")
    return content


def ids(messages) -> set:
    return {message.id for message in messages}


def test_the_deploy_gate_holds_no_content_findings(routine_edit):
    deploy = checks.run_checks(include_deployment_checks=True)
    assert not {i for i in ids(deploy) if i.startswith(("content.", "articles."))}


def test_the_content_tag_with_the_database_reports_them(routine_edit):
    found = checks.run_checks(tags=["content"], databases=["default"])
    content_ids = {i for i in ids(found) if i.startswith("content.")}
    assert len(content_ids) >= 2, ids(found)
    assert all(message.level == checks.WARNING for message in found)


def test_a_plain_check_reads_no_database(routine_edit, django_assert_num_queries):
    """`make check` logged "Help lines could not be read (no such table ...)": the content
    check read the database (help lines, pages' rows) before any migrate."""
    with django_assert_num_queries(0):
        checks.run_checks()
        checks.run_checks(include_deployment_checks=True)


def manage(database_file, *args) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{database_file}",
        "CACHE_URL": "locmemcache://",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_checks_before_migrate_are_quiet(tmp_path):
    for args in (["check"], ["check", "--tag", "content", "--database", "default"]):
        result = manage(tmp_path / "never-migrated.sqlite3", *args)
        assert result.returncode == 0, result.stderr
        assert "could not be read" not in result.stderr, args
        assert "no such table" not in result.stderr, args
        assert "no issues" in result.stdout
