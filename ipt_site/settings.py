"""Settings for the IPT site: one module, read from the environment.

Every variable is listed with its default in README.md. Local use needs none of them
except DJANGO_DEBUG=true (which `make run` sets); production needs DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS at least.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "ipt_site.pages",
    "ipt_site.therapists",
    "ipt_site.contact",
    "ipt_site.selfcheck",
    "ipt_site.resources",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ipt_site.security",
    "ipt_site.twofactor",
    "ipt_site.audit",
    "ipt_site.accounts",
    "ipt_site.editor",
    "ipt_site.articles",
    "ipt_site.search",
    "ipt_site.pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ipt_site.web.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Finished anonymous pages from the cache, before sessions, CSRF and views run.
    "ipt_site.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
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
    "ipt_site.editor.redirects.PageRedirectFallbackMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed admin logins and locks the username + address pair out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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

vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="IPT practice <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
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

# --- Security -------------------------------------------------------------------------
# Secure by default: with debugging off these are on unless the environment says otherwise
# (`make serve` turns the HTTPS-only ones off to run over plain http on 127.0.0.1).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a proxy or load balancer that terminates HTTPS and sets X-Forwarded-Proto (and
# strips any the client sent), set DJANGO_BEHIND_PROXY=true so Django knows the request
# was secure. IPT_TRUSTED_PROXIES counts the proxies that append to X-Forwarded-For; the
# client address is read that many entries from the right (the left is client-forged).
# 0 (the default) uses REMOTE_ADDR only. The enquiry rate limit and the admin lockout
# both use it.
TRUSTED_PROXIES = env.int("IPT_TRUSTED_PROXIES", default=0)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.bool("DJANGO_USE_X_FORWARDED_HOST", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "ipt_site.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page here uses; denying them limits what injected content could do.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# django-csp 4. No 'unsafe-inline' or 'unsafe-eval' anywhere: the site's own templates
# have no inline scripts or styles (JSON-LD blocks are data, which CSP does not block).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([MEDIA_HOST] if MEDIA_HOST else []),
            *env.list("IPT_CSP_IMG_SRC", default=[]),
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Admin login throttling (django-axes): 5 failures for a username from one address lock
# that pair out for an hour.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_CLIENT_IP_CALLABLE = "ipt_site.web.clientip.client_address"

# --- The content engine ---------------------------------------------------------------
# Markdown pages live here; tests point it at a temporary folder.
CONTENT_DIR = env.path("IPT_CONTENT_DIR", default=BASE_DIR / "content")
# How often (seconds) each server process looks for changed content files; an edit is
# live within this time, without a restart. 0 re-checks on every request (tests).
CONTENT_RECHECK_SECONDS = env.float("IPT_CONTENT_RECHECK_SECONDS", default=1.0)
# Rendered page bodies a worker keeps in memory at once (the least recently rendered go
# first and are rendered again when next needed): bounds memory on very large sites.
CONTENT_RENDERED_PAGES = env.int("IPT_CONTENT_RENDERED_PAGES", default=200)
# Seconds a browser or proxy may reuse a content page.
CONTENT_CACHE_SECONDS = env.int("IPT_CONTENT_CACHE_SECONDS", default=300)

# --- The practice ---------------------------------------------------------------------
# Shown in the footer, on the contact and privacy pages, and in emails.
SITE_NAME = env.str("IPT_SITE_NAME", default="Interpersonal Therapy")
PRACTICE_NAME = env.str("IPT_PRACTICE_NAME", default="The IPT Practice")
PRACTICE_EMAIL = env.str("IPT_PRACTICE_EMAIL", default="hello@example.org")
PRACTICE_PHONE = env.str("IPT_PRACTICE_PHONE", default="020 7946 0000")
PRACTICE_ADDRESS = env.str("IPT_PRACTICE_ADDRESS", default="1 Example Street, London")
# How soon the practice replies to an enquiry, in working days (Monday to Friday). Pages
# and emails say it in words (contact.replytime: "within 2 working days"); the daily
# overdue summary counts with it.
try:
    CONTACT_REPLY_DAYS = env.int("IPT_CONTACT_REPLY_TIME", default=2)
except ValueError as exc:
    raise ImproperlyConfigured(
        "IPT_CONTACT_REPLY_TIME is a number of working days, for example 2."
    ) from exc
if CONTACT_REPLY_DAYS < 1:
    raise ImproperlyConfigured("IPT_CONTACT_REPLY_TIME must be at least 1 (working day).")
# Above this many published therapists the contact form lists only the one a visitor came
# from (their profile's Contact link); the directory is the place to choose among more.
CONTACT_THERAPIST_LIST_MAX = env.int("IPT_CONTACT_THERAPIST_LIST_MAX", default=40)
# Closed enquiries older than this are deleted by `manage.py purge_enquiries`.
ENQUIRY_RETENTION_DAYS = env.int("IPT_ENQUIRY_RETENTION_DAYS", default=365)
# Absolute address used in links inside emails and in canonical tags when set.
SITE_URL = env.str("IPT_SITE_URL", default="").rstrip("/")

# --- Urgent help ----------------------------------------------------------------------
# Shown on every page. Another practice (or country) changes these here or through
# IPT_URGENT_HELP_* variables, never in templates.
URGENT_HELP = {
    "heading": env.str("IPT_URGENT_HELP_HEADING", default="If you need help now"),
    "intro": env.str(
        "IPT_URGENT_HELP_INTRO",
        default=(
            "This website and our enquiry form are not for emergencies. "
            "If you feel you might harm yourself or someone else, or you are not safe, "
            "please reach out now."
        ),
    ),
    "contacts": [
        {
            "label": "Emergency services",
            "number": env.str("IPT_URGENT_EMERGENCY_NUMBER", default="999"),
            "detail": "if your life or someone else's is in danger",
        },
        {
            "label": "NHS 111",
            "number": env.str("IPT_URGENT_NHS_NUMBER", default="111"),
            "detail": "choose the mental health option, any time of day or night",
        },
        {
            "label": "Samaritans",
            "number": env.str("IPT_URGENT_SAMARITANS_NUMBER", default="116 123"),
            "detail": "free, any time, to talk about anything that is troubling you",
        },
    ],
}

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

# --- Enquiries ---
# Where new-enquiry notifications go (they carry no personal details, only a link).
ENQUIRY_NOTIFY_EMAIL = env.str("IPT_ENQUIRY_NOTIFY_EMAIL", default=PRACTICE_EMAIL)
# Send the person a short "it arrived" email that repeats nothing they wrote.
ENQUIRY_ACKNOWLEDGE = env.bool("IPT_ENQUIRY_ACKNOWLEDGE", default=True)
# Accepted submissions per client address per window (seconds); more get a 429 page.
ENQUIRY_RATE_LIMIT = env.int("IPT_ENQUIRY_RATE_LIMIT", default=5)
ENQUIRY_RATE_WINDOW = env.int("IPT_ENQUIRY_RATE_WINDOW", default=3600)
# Submissions sent sooner than this after the form was shown are treated as bots.
ENQUIRY_MIN_SECONDS = env.int("IPT_ENQUIRY_MIN_SECONDS", default=3)

# --- Signposting ----------------------------------------------------------------------
# Services beyond crisis care, named on the pages where they may help. A page writes
# [[signpost_cruse]] and the site fills in the name, phone number and website from here,
# so a number is kept in one place. Change a number through IPT_SIGNPOST_<KEY>_NUMBER
# (for example IPT_SIGNPOST_CRUSE_NUMBER); an empty number shows the service without one.
# Numbers and details were last checked on 2026-12-03 (see docs/quality.md).
SIGNPOSTS = {
    "cruse": {
        "name": "Cruse Bereavement Support",
        "url": "https://www.cruse.org.uk/",
        "detail": "support for anyone grieving a death, by phone, online or in person. "
        "Scotland has its own sister charity, Cruse Scotland.",
        "number": env.str("IPT_SIGNPOST_CRUSE_NUMBER", default="0808 808 1677"),
        "number_note": "free",
    },
    "relate": {
        "name": "Relate",
        "url": "https://www.relate.org.uk/",
        "detail": "counselling for couples, families and single people, including help "
        "when a relationship ends. It has no general helpline: its website lists local "
        "centres and sessions by phone or video.",
        "number": env.str("IPT_SIGNPOST_RELATE_NUMBER", default=""),
        "number_note": "",
    },
    "domestic_abuse": {
        "name": "National Domestic Abuse Helpline",
        "url": "https://www.nationaldahelpline.org.uk/",
        "detail": "confidential advice and support about domestic abuse, including for "
        "friends and family who are worried. It is run by the charity Refuge.",
        "number": env.str("IPT_SIGNPOST_DOMESTIC_ABUSE_NUMBER", default="0808 2000 247"),
        "number_note": "free, day or night",
    },
    "mens_advice_line": {
        "name": "Men's Advice Line",
        "url": "https://mensadviceline.org.uk/",
        "detail": "confidential support for men who are being abused by a partner or "
        "family member. It is run by the charity Respect.",
        "number": env.str("IPT_SIGNPOST_MENS_ADVICE_LINE_NUMBER", default="0808 801 0327"),
        "number_note": "free",
    },
    "pandas": {
        "name": "PANDAS Foundation",
        "url": "https://pandasfoundation.org.uk/",
        "detail": "support for parents and carers who feel low or anxious in pregnancy "
        "or after a birth, including dads and partners.",
        "number": env.str("IPT_SIGNPOST_PANDAS_NUMBER", default="0808 1961 776"),
        "number_note": "free",
    },
    "silver_line": {
        "name": "The Silver Line",
        "url": "https://www.thesilverline.org.uk/",
        "detail": "a friendly voice for older people who feel lonely, with regular "
        "friendship calls if you would like them.",
        "number": env.str("IPT_SIGNPOST_SILVER_LINE_NUMBER", default="0800 4 70 80 90"),
        "number_note": "free, day or night",
    },
    "mind": {
        "name": "Mind",
        "url": "https://www.mind.org.uk/",
        "detail": "plain information about mental health and where to find help near "
        "you, from its Infoline and website.",
        "number": env.str("IPT_SIGNPOST_MIND_NUMBER", default="0300 123 3393"),
        "number_note": "",
    },
    "carers_uk": {
        "name": "Carers UK",
        "url": "https://www.carersuk.org/",
        "detail": "advice and a community for people who look after a family member or friend.",
        "number": env.str("IPT_SIGNPOST_CARERS_UK_NUMBER", default=""),
        "number_note": "",
    },
    "citizens_advice": {
        "name": "Citizens Advice",
        "url": "https://www.citizensadvice.org.uk/",
        "detail": "free advice on money, work, housing and the practical side of a separation.",
        "number": env.str("IPT_SIGNPOST_CITIZENS_ADVICE_NUMBER", default=""),
        "number_note": "",
    },
}

# --- Staff security: sessions, two-step sign-in, access log, security.txt, health ---
# Every signed-in session (staff in the admin, therapists in their account) ends when the
# browser closes, after IPT_SESSION_IDLE_MINUTES without a request, and
# IPT_SESSION_MAX_HOURS after sign-in. Visitors who do not sign in get no session.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES = env.int("IPT_SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("IPT_SESSION_MAX_HOURS", default=12)
# The stored session (and `clearsessions`) never outlives the longest a session may last.
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Two-step sign-in (django-otp: an authenticator app, plus recovery codes) for every
# staff account; on whenever debugging is off. Anyone else who sets it up must use it too.
REQUIRE_2FA = env.bool("IPT_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = PRACTICE_NAME  # the name people see in their authenticator app
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an app's secret key
# Rows of the enquiry access log older than this are deleted by `purge_access_log`.
AUDIT_RETENTION_DAYS = env.int("IPT_AUDIT_RETENTION_DAYS", default=730)
# /.well-known/security.txt (RFC 9116).
SECURITY_TXT_CONTACTS = env.list("IPT_SECURITY_CONTACT", default=[f"mailto:{PRACTICE_EMAIL}"])
SECURITY_TXT_EXPIRES_DAYS = env.int("IPT_SECURITY_TXT_EXPIRES_DAYS", default=180)
SECURITY_TXT_LANGUAGES = env.list("IPT_SECURITY_TXT_LANGUAGES", default=["en"])
SECURITY_TXT_POLICY = env.str("IPT_SECURITY_TXT_POLICY", default="")
# /health/ names what is down only to this machine or to a monitor sending
# "Authorization: Bearer <IPT_HEALTH_TOKEN>"; anyone else gets the status alone.
HEALTH_TOKEN = env.str("IPT_HEALTH_TOKEN", default="")
# e.g. "ipt_site.W001" for a deployment that really runs a single worker.
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])
# --- Therapist accounts, directory safeguards, enquiry inbox ---
# Invitation links for therapists work once, for this many days (Django's own setting).
PASSWORD_RESET_TIMEOUT = env.int("IPT_ACCOUNT_LINK_DAYS", default=3) * 24 * 3600
# Where "profile changes to approve" emails go (a link only).
PROFILE_REVIEW_EMAIL = env.str("IPT_PROFILE_REVIEW_EMAIL", default=PRACTICE_EMAIL)
# Availability not confirmed for this long shows its date and sorts after the rest.
AVAILABILITY_CONFIRM_DAYS = env.int("IPT_AVAILABILITY_CONFIRM_DAYS", default=60)
# Credentials verified longer ago than this (or never) need an explicit confirmation
# to publish, and show on the admin's "needs attention" filter.
CREDENTIALS_VERIFY_DAYS = env.int("IPT_CREDENTIALS_VERIFY_DAYS", default=365)
# The lockout page in the site's own look at /account/, the admin's page elsewhere.
AXES_LOCKOUT_CALLABLE = "ipt_site.accounts.lockout.lockout_response"
# Enquiries never closed are deleted this many days after they arrived (closed ones
# after ENQUIRY_RETENTION_DAYS from closing); both by `manage.py purge_enquiries`.
ENQUIRY_MAX_AGE_DAYS = env.int("IPT_ENQUIRY_MAX_AGE_DAYS", default=730)

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
# How long a stored page may stay (a new version makes it unreachable before that).
PAGE_CACHE_SECONDS = env.int("IPT_PAGE_CACHE_SECONDS", default=24 * 3600)
# Apps whose saves and deletes start a new data version.
PAGE_CACHE_DATA_APPS = ["therapists"]
# None: worked out from the cache backend (local memory is per process, Redis is shared).
PAGE_CACHE_SHARED = None
# With a per-process cache, how often each process re-reads the shared data version row
# (a change saved in one gunicorn worker reaches the others within this).
PAGE_CACHE_RECHECK_SECONDS = env.float("IPT_DATA_RECHECK_SECONDS", default=1.0)
# Optional label for a release (a git commit); code, templates, static names and settings
# are fingerprinted anyway.
DEPLOY_VERSION = env.str("IPT_DEPLOY_VERSION", default="")
