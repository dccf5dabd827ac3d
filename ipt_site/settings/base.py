"""Django itself: apps, middleware, templates, database, cache, email, files, logging."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development only)."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Where the admin lives; a less guessable path keeps most scanners away.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Redirects (moved pages' old addresses) need sites; there is one site (SITE_ID).
    "django.contrib.sites",
    "django.contrib.redirects",
    "crispy_forms",
    "crispy_bootstrap5",
    "ipt_site.web.apps.AxesConfig",  # axes, under a plain name
    "ipt_site.pages",
    "ipt_site.therapists",
    "ipt_site.contact",
    "ipt_site.selfcheck",
    "ipt_site.resources",
    "django_otp",
    "ipt_site.web.apps.OTPTOTPConfig",  # django_otp.plugins.otp_totp
    "ipt_site.web.apps.OTPStaticConfig",  # django_otp.plugins.otp_static
    "ipt_site.security",
    "ipt_site.twofactor",
    "ipt_site.audit",
    "ipt_site.accounts",
    "ipt_site.editor",
    "ipt_site.articles",
    "ipt_site.search",
    "ipt_site.pagecache",
    "ipt_site.helplines",
    "ipt_site.introcalls",
    "ipt_site.waitinglist",
    "django_tasks",
    "ipt_site.web.apps.TasksDatabaseConfig",  # django_tasks_db
    # After django_tasks_db: its admin for task rows is replaced by one with dead letters.
    "ipt_site.web",
]

MIDDLEWARE = [
    # /health/ for load balancers: any Host, plain http (ipt_site/web/health.py).
    "ipt_site.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ipt_site.web.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Finished anonymous pages from the cache, before sessions, CSRF and views run.
    "ipt_site.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF reads the form: a page too long to save gets words, not a bare 400.
    "ipt_site.editor.middleware.LongPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in sessions: idle and absolute limits, then the second sign-in step.
    "ipt_site.security.sessions.SessionLimitsMiddleware",
    "ipt_site.twofactor.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    # Turns a 404 at a moved page's old address into a redirect to its new one.
    "ipt_site.web.redirects.MovedPageFallbackMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed admin logins and locks the username + address pair out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The one site. Its domain and name follow IPT_SITE_URL and the site's name on every
# migrate (web.sites), so nothing that asks Django for the current site says example.com.
SITE_ID = 1

ROOT_URLCONF = "ipt_site.urls"
WSGI_APPLICATION = "ipt_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ipt_site.pages.context_processors.site",
                "ipt_site.helplines.context_processors.urgent_help",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ipt-site")}
# The cache only makes pages faster: with Redis, a server that is down or hung makes a
# page render uncached (ipt_site/web/cache.py), waiting at most one timeout, after which
# this process leaves Redis alone for IPT_CACHE_RETRY_SECONDS.
CACHE_TIMEOUT = env.float("IPT_CACHE_TIMEOUT", default=0.5)
CACHE_RETRY_SECONDS = env.float("IPT_CACHE_RETRY_SECONDS", default=5.0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "ipt_site.web.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", CACHE_TIMEOUT)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", CACHE_TIMEOUT)

vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="IPT practice <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Work that leaves the request (every email, search re-indexing) is queued in the
# database and run by `manage.py db_worker` (ipt_site/web/tasks.py, docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds to wait before each new attempt of a task that failed for a passing reason
# (the mail server down or silent); after the last, the task is a dead letter in the admin.
TASK_RETRY_DELAYS = env.list(
    "IPT_TASK_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600]
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# A 24-hour clock in every date and time Django formats (ipt_site/formats/).
FORMAT_MODULE_PATH = ["ipt_site.formats"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_CACHE_SECONDS = env.int("IPT_MEDIA_CACHE_SECONDS", default=7 * 24 * 3600)
# Photos in an S3-compatible object store (django-storages) when a bucket is named;
# django-storages reads the other AWS_* variables itself (keys, region, endpoint).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default=None)
    # Public profile photos: plain URLs that browsers and proxies can cache.
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": f"public, max-age={MEDIA_CACHE_SECONDS}"}
    MEDIA_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
    MEDIA_HOST = (
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else (AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
    )
else:
    MEDIA_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
    MEDIA_HOST = None
# The app serves MEDIA_ROOT itself unless photos live in an object store or
# IPT_SERVE_MEDIA=false says a web server in front does it.
SERVE_MEDIA = env.bool("IPT_SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    # Hashed, compressed (gzip + brotli) names in production; plain files while debugging
    # and in tests, so neither needs collectstatic.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
