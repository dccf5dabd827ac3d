"""The content engine, the editor and the response cache."""

from .base import BASE_DIR, CACHES, DEBUG, env

# --- The content engine ---------------------------------------------------------------
# Markdown pages live here; tests point it at a temporary folder.
CONTENT_DIR = env.path("IPT_CONTENT_DIR", default=BASE_DIR / "content")
# Seconds a browser or proxy may reuse a content page.
CONTENT_CACHE_SECONDS = env.int("IPT_CONTENT_CACHE_SECONDS", default=300)

# --- Content editor ---
# Where page versions are kept: "auto" uses git when CONTENT_DIR is a git repository (each
# save a commit), else the database; "git" or "database" to choose.
EDITOR_HISTORY = env.str("IPT_CONTENT_HISTORY", default="auto")
# How long a shared preview link works.
EDITOR_PREVIEW_LINK_DAYS = env.int("IPT_PREVIEW_LINK_DAYS", default=7)
# Images uploaded for pages: largest upload accepted, and the width they are stored at.
EDITOR_IMAGE_MAX_BYTES = env.int("IPT_EDITOR_IMAGE_MAX_MB", default=10) * 1024 * 1024
EDITOR_IMAGE_MAX_WIDTH = env.int("IPT_EDITOR_IMAGE_MAX_WIDTH", default=1400)

# --- Response cache (speed) ---
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for a few hundred pages (Django's default, 300 entries); a stored page is about
    # 27 KB (plain, brotli and gzip), so at most about 8 MB per process, which keeps a
    # worker under 100 MB on a 1,000-page site (make bench-scale). A larger site should
    # use Redis, which every process shares and which holds as many as it is given.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 300)
# Finished anonymous pages that opt in (ipt_site/pagecache/README.md) are kept in the cache
# below, keyed by deploy, content and data versions; off while debugging so template edits
# show at once.
PAGE_CACHE_ENABLED = env.bool("IPT_PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_ALIAS = "default"
# How long a stored page may stay (a new version makes it unreachable before that): the
# current version of a page is rendered again at most this often, and old versions leave
# Redis within this time (ipt_site/pagecache/storage.py).
PAGE_CACHE_SECONDS = env.int("IPT_PAGE_CACHE_SECONDS", default=3600)
# Each process's own copy of the pages it served last, in front of a shared cache (Redis):
# a hit on a hot page then costs no network. Entries never change (every version is in
# the key), so the copy is never stale. Off with the local-memory cache, which is already
# in the process.
PAGE_CACHE_LOCAL_MB = env.float(
    "IPT_PAGE_CACHE_LOCAL_MB",
    default=0 if CACHES["default"]["BACKEND"].endswith("LocMemCache") else 8,
)
# Apps whose saves and deletes start a new data version: the directory, and the help lines
# every page shows in its urgent-help panel.
PAGE_CACHE_DATA_APPS = ["therapists", "helplines"]
# How often each process re-reads the content and data versions from the database (a
# change saved on one server or worker reaches the others within this; the process that
# made it sees it at once). 0 reads them on every request (tests).
VERSION_RECHECK_SECONDS = env.float("IPT_VERSION_RECHECK_SECONDS", default=1.0)
# Optional label for a release (a git commit); code, templates, static names and settings
# are fingerprinted anyway.
DEPLOY_VERSION = env.str("IPT_DEPLOY_VERSION", default="")

# --- The edge: nginx's proxy_cache or a CDN in front (ipt_site/pagecache/README.md) ---
# Who is told to forget pages when content or therapists change: "none", "nginx" (the
# cache-purge module, deploy/nginx.conf), "fastly" or "cloudflare".
EDGE_PURGE = env.str("IPT_EDGE_PURGE", default="none")
# nginx: the purge location's base, e.g. http://10.0.0.5/__purge (one or more, comma
# separated: one per nginx). Fastly: https://api.fastly.com; Cloudflare:
# https://api.cloudflare.com/client/v4.
EDGE_PURGE_URLS = env.list("IPT_EDGE_PURGE_URL", default=[])
# Fastly's service id or Cloudflare's zone id, and the API token (Fastly-Key / Bearer).
EDGE_PURGE_SERVICE = env.str("IPT_EDGE_PURGE_SERVICE", default="")
EDGE_PURGE_TOKEN = env.str("IPT_EDGE_PURGE_TOKEN", default="")
EDGE_PURGE_TIMEOUT = env.float("IPT_EDGE_PURGE_TIMEOUT", default=10.0)
# How long the edge keeps a public page (s-maxage): until a purge lands, the longest an
# edit can take to show. Without purges, as long as browsers were allowed before.
EDGE_CACHE_SECONDS = env.int(
    "IPT_EDGE_CACHE_SECONDS", default=CONTENT_CACHE_SECONDS if EDGE_PURGE == "none" else 3600
)
# With nginx, addresses with a query string (filters, search) cannot be purged by key.
EDGE_QUERY_CACHE_SECONDS = env.int("IPT_EDGE_QUERY_CACHE_SECONDS", default=60)
# How long a browser keeps a public page (pages showing therapists: 0, it asks again).
BROWSER_CACHE_SECONDS = env.int("IPT_BROWSER_CACHE_SECONDS", default=60)
# The edge may serve a page this much past its lifetime while it fetches a new one, and
# this long when the app servers fail.
EDGE_STALE_WHILE_REVALIDATE = env.int("IPT_EDGE_STALE_WHILE_REVALIDATE", default=30)
EDGE_STALE_IF_ERROR = env.int("IPT_EDGE_STALE_IF_ERROR", default=24 * 3600)
# "Page not found" answers are kept this long, anywhere.
NOT_FOUND_CACHE_SECONDS = env.int("IPT_NOT_FOUND_CACHE_SECONDS", default=60)
