"""Settings for the test suite: the real settings module, with a throwaway secret key.

Everything else (DATABASE_URL for PostgreSQL, CACHE_URL for Redis) still comes from the
environment, so the same suite runs against SQLite or real servers.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")

from ipt_site.settings import *  # noqa: E402, F403

# Fast hashing: tests create users, and the default hasher is slow on purpose.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run as they are enqueued, so a test sees their emails in mail.outbox at once; the
# tests of the queue itself switch to the database backend and run the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The test client speaks plain http; HTTPS behaviour is tested through `check --deploy`.
SECURE_SSL_REDIRECT = False
# Django's test client `login()` passes no request, which django-axes needs; the lockout
# test turns it back on.
AXES_ENABLED = False
# Tests read static files straight from static/: no collectstatic, no manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Every request reads the content and data versions (another process's change is seen at
# once); the re-check interval itself is tested on its own in tests/pagecache.
VERSION_RECHECK_SECONDS = 0
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the browser tests' live server then opens its own connections
    # instead of sharing one across threads (which Django warns about on teardown).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
# Parallel runs (pytest-xdist, `make test`): pytest-django gives each worker its own test
# database; on a shared Redis each worker gets its own key prefix, and a clear() that
# empties only its own keys (tests/cache.py).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"].update(BACKEND="tests.cache.WorkerRedisCache", KEY_PREFIX=_WORKER)  # noqa: F405
# Two-step sign-in is on whenever DEBUG is off; the tests that need it turn it on, so
# other tests can use the admin with `force_login` alone.
REQUIRE_2FA = False
