import textwrap

import pytest

HOME = """\
---
title: Test home
summary: The home page of the test content.
order: 0
reviewed: 2026-01-01
next_review: 2099-01-01
references:
  - "Test, A. (2020). A source for the test pages."
template: home
---

Welcome.
"""


class ContentFolder:
    """A temporary content folder: tests write markdown pages into it."""

    def __init__(self, root):
        self.root = root

    def write(self, relpath, text, *, dedent=True):
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    def page(self, relpath, title="A page", body="Some text.", **fields):
        """Write a valid page; keyword arguments add or replace front matter fields."""
        meta = {
            "title": title,
            "summary": f"About {title.lower()}.",
            "reviewed": "2026-01-01",
            "next_review": "2099-01-01",
            # Every page on this site names its sources (a missing list is a warning).
            "references": ["Test, A. (2020). A source for the test pages."],
            **fields,
        }
        lines = ["---"]
        for key, value in meta.items():
            if isinstance(value, list):
                lines.append(f"{key}:")
                lines.extend(f'  - "{item}"' for item in value)
            else:
                lines.append(f"{key}: {value}")
        lines += ["---", "", body, ""]
        return self.write(relpath, "\n".join(lines), dedent=False)


@pytest.fixture
def content(tmp_path, settings):
    """Point the content engine at an empty temporary folder holding only a home page."""
    root = tmp_path / "content"
    root.mkdir()
    settings.CONTENT_DIR = root
    folder = ContentFolder(root)
    folder.write("_index.md", HOME)
    return folder


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty cache: tests roll data back without model signals,
    so a page stored by one test could otherwise be served to the next."""
    from django.core.cache import caches

    from ipt_site.pagecache import versions

    for alias in caches:
        caches[alias].clear()
    versions.reset_for_tests()
    yield


@pytest.fixture
def task_queue(settings):
    """The database task queue, as in production, instead of tests' immediate backend:
    enqueue() only writes a row; task_queue.run() runs the real worker (tests/taskqueue.py)."""
    from tests.taskqueue import DATABASE_BACKEND, TaskQueue

    settings.TASKS = DATABASE_BACKEND
    return TaskQueue()
