"""Tell the edge to forget exactly the pages a change affects, once the change is committed.

`queue(keys)` gathers purge keys (`edge.py`: "content", "data", one per address) for the
current transaction and, when it commits, hands them to the purge task in one go: a
rolled-back change purges nothing, and a request never waits on the edge. The task
(`ipt_site.web.edge`, registered from the web app's `ready()`, as it sits above this
floor) sends them to the backend IPT_EDGE_PURGE names, and retries when it fails.

What a change affects (the rules, one place):

- a content sync that changed rows: when every changed page kept what other pages show
  of it (address, title, summary, order, draft, template, dates, author, tags, the rest of
  its front matter), only those pages' address keys, and search's (results quote bodies);
  anything else (a new, moved or deleted page, a new title or summary, a menu order)
  purges "content", which every page showing content carries;
- a change to therapists or help lines (model signals, `data_changed()`): "data", which
  every page showing them carries (the urgent-help panel is on every content page).
"""

from django.conf import settings
from django.db import connection, transaction

from . import edge, versions

_enqueue = None  # set by register()


def register(enqueue) -> None:
    """The callable that queues a purge of a sorted list of keys (the web app's task)."""
    global _enqueue
    _enqueue = enqueue


def enabled() -> bool:
    return settings.EDGE_PURGE != "none" and _enqueue is not None


def queue(keys) -> None:
    """Purge `keys` once the current transaction commits (at once outside one)."""
    keys = set(keys)
    if not keys or not enabled():
        return
    for _sids, func, _robust in connection.run_on_commit:
        if getattr(func, "edge_keys", None) is not None and not func.sent:
            func.edge_keys |= keys  # one purge per transaction, whatever it changed
            return

    def send():
        send.sent = True
        _enqueue(sorted(send.edge_keys))

    send.edge_keys, send.sent = keys, False
    transaction.on_commit(send)


def data_changed() -> None:
    """A new data version, and a purge of the pages showing therapists or help lines.

    Model signals call it for every save and delete in PAGE_CACHE_DATA_APPS; call it
    yourself after changes that send no signal (`QuerySet.update()`, `bulk_create()`)."""
    versions.data_changed()
    queue([edge.DATA])


# Page fields only the page itself shows: a change to nothing else purges that page alone.
OWN_FIELDS = frozenset(
    {"html", "toc", "words", "text", "digest", "references", "next_review", "reviewed_by"}
)
OWN_FRONT_MATTER = frozenset({"references", "next_review", "reviewed_by"})
SHOWN_FIELDS = (
    "url", "served", "title", "summary", "order", "draft", "template", "reviewed", "date",
    "author", "tags", "front_matter", "section",
)  # fmt: skip


def shown_elsewhere(row) -> tuple:
    """What other pages (menus, lists, the sitemap, feeds) show of a content row."""
    front_matter = {
        name: value
        for name, value in (row.front_matter or {}).items()
        if name not in OWN_FRONT_MATTER
    }
    return (
        row.url,
        row.served,
        row.title,
        row.summary,
        row.order,
        row.draft,
        row.template,
        row.reviewed,
        row.date,
        row.author,
        row.tags,
        sorted(front_matter.items(), key=lambda item: str(item[0])),
        row.section == "articles",  # lists and feeds quote articles' bodies
    )


def content_keys(before: dict, after: dict, search_path: str) -> set[str]:
    """The keys a content change affects: `before` and `after` map each changed file to
    (url, shown_elsewhere(row)), or to None where there was or is no row."""
    keys = set()
    for relpath in set(before) | set(after):
        old, new = before.get(relpath), after.get(relpath)
        if old is None or new is None or old != new or new[1][-1]:
            return {edge.CONTENT}
        keys.add(edge.path_key(new[0]))
    return keys | {edge.path_key(search_path)} if keys else keys
