"""The practice: its details, enquiries, therapist accounts and the directory."""

from django.core.exceptions import ImproperlyConfigured

from .base import env

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
# The practice's nation, for the bank holidays the promised reply date skips (as well as
# weekends and the closures staff set in the admin).
PRACTICE_NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
PRACTICE_NATION = env.str("IPT_PRACTICE_NATION", default="england")
if PRACTICE_NATION not in PRACTICE_NATIONS:
    raise ImproperlyConfigured(
        f"IPT_PRACTICE_NATION must be one of {', '.join(PRACTICE_NATIONS)}; "
        f"got {PRACTICE_NATION!r}."
    )
# Above this many published therapists the contact form lists only the one a visitor came
# from (their profile's Contact link); the directory is the place to choose among more.
CONTACT_THERAPIST_LIST_MAX = env.int("IPT_CONTACT_THERAPIST_LIST_MAX", default=40)
# Closed enquiries older than this are deleted by `manage.py purge_enquiries`.
ENQUIRY_RETENTION_DAYS = env.int("IPT_ENQUIRY_RETENTION_DAYS", default=365)
# Absolute address used in links inside emails and in canonical tags when set.
SITE_URL = env.str("IPT_SITE_URL", default="").rstrip("/")

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
# Enquiries never closed are deleted this many days after they arrived (closed ones
# after ENQUIRY_RETENTION_DAYS from closing); both by `manage.py purge_enquiries`.
ENQUIRY_MAX_AGE_DAYS = env.int("IPT_ENQUIRY_MAX_AGE_DAYS", default=730)

# --- Free introductory calls and the waiting list (ipt_site.introcalls, .waitinglist) ---
# Visitors can book a free call this many days ahead, and no sooner than this many hours
# from now (so the therapist sees the email first).
INTRO_CALL_DAYS_AHEAD = env.int("IPT_INTRO_CALL_DAYS_AHEAD", default=21)
INTRO_CALL_NOTICE_HOURS = env.int("IPT_INTRO_CALL_NOTICE_HOURS", default=12)
# Bookings are deleted this many days after the call (whatever became of it), suggested
# times this many days after they were sent: `manage.py purge_intro_calls`.
INTRO_CALL_RETENTION_DAYS = env.int("IPT_INTRO_CALL_RETENTION_DAYS", default=30)
# Bookings and suggested times accepted per client address per window (seconds).
INTRO_CALL_RATE_LIMIT = env.int("IPT_INTRO_CALL_RATE_LIMIT", default=5)
INTRO_CALL_RATE_WINDOW = env.int("IPT_INTRO_CALL_RATE_WINDOW", default=3600)
# "Tell me when a place opens" requests are deleted after this many days, or once used:
# `manage.py purge_waiting_list`. Requests per client address per hour.
WAITING_LIST_DAYS = env.int("IPT_WAITING_LIST_DAYS", default=90)
WAITING_LIST_RATE_LIMIT = env.int("IPT_WAITING_LIST_RATE_LIMIT", default=10)
