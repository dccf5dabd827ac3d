"""Security: HTTPS, headers, CSP, admin lockout, sessions, two-step sign-in, health."""

from .base import DEBUG, MEDIA_HOST, env
from .practice import PRACTICE_EMAIL, PRACTICE_NAME

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
# X-Forwarded-For is read only from a peer in these networks (the load balancer): a client
# that reaches an app server directly cannot choose its own address. Private and loopback
# by default; name the load balancer's address to be stricter.
PROXY_NETWORKS = env.list(
    "IPT_PROXY_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
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
# The lockout page in the site's own look at /account/, the admin's page elsewhere.
AXES_LOCKOUT_CALLABLE = "ipt_site.accounts.lockout.lockout_response"
