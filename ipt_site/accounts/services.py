"""Writes for therapist accounts: invitations, pending profile changes and decisions.

The public profile is the Therapist row. A therapist's edit never touches it: it is kept
as a ProfileChange until an admin approves it, and approving saves the Therapist the
normal way (so its signals, such as the public cache's version bump, fire after every
field and relation has its new value). Only availability is written straight away.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ipt_site.therapists import photos
from ipt_site.therapists.models import Therapist

from .models import LIST_FIELDS, VALUE_FIELDS, ProfileChange, TherapistAccount
from .tokens import invitation_tokens

logger = logging.getLogger(__name__)


class AccountError(Exception):
    """Something an admin can fix; the message says what, in plain words."""


def _to_therapist(address: str, subject: str, body: str) -> EmailMessage:
    """An email to a therapist; their replies go to the practice."""
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        reply_to=[settings.PRACTICE_EMAIL],
    )


def _base(base_url: str) -> str:
    return settings.SITE_URL or base_url.rstrip("/")


def link_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


# --- Snapshots: a profile's editable part as plain data ---------------------------------


def snapshot(therapist: Therapist) -> dict:
    """The editable part of a profile as JSON-ready data (lists as sorted lookup ids)."""
    data = {name: getattr(therapist, name) for name in VALUE_FIELDS}
    for name in LIST_FIELDS:
        data[name] = sorted(getattr(therapist, name).values_list("pk", flat=True))
    data["photo"] = therapist.photo.name or ""
    return data


def starting_point(therapist: Therapist) -> dict:
    """What the edit form starts from: the pending change, else a change that was sent
    back (so nothing the therapist wrote is lost), else the approved profile."""
    latest = therapist.profile_changes.order_by("-submitted_at", "-pk").first()
    if latest is not None and latest.status != ProfileChange.Status.APPROVED:
        return {**snapshot(therapist), **latest.proposed}
    return snapshot(therapist)


# --- Invitations -------------------------------------------------------------------------


def invite(therapist: Therapist, *, by, base_url: str = "") -> TherapistAccount:
    """Create (or refresh) the therapist's account and email them a sign-in link.

    The link lets them choose a password; it works once and expires after
    PASSWORD_RESET_TIMEOUT. Inviting again sends a new link and cancels the old ones, so
    it also serves a therapist who has forgotten their password.
    """
    email = (therapist.email or "").strip().lower()
    if not email:
        raise AccountError(f"{therapist.name} has no email address. Add one, then invite them.")
    User = get_user_model()
    with transaction.atomic():
        account = (
            TherapistAccount.objects.select_related("user")
            .select_for_update()
            .filter(therapist=therapist)
            .first()
        )
        taken = User.objects.filter(username__iexact=email)
        if account is None:
            if taken.exists():
                raise AccountError(
                    f"Another user already signs in as {email}. Give {therapist.name} a "
                    "different email address, or ask a superuser to sort out that user."
                )
            user = User.objects.create_user(username=email, email=email)  # no password yet
            account = TherapistAccount.objects.create(user=user, therapist=therapist)
        user = account.user
        if user.is_staff or user.is_superuser:
            raise AccountError(
                f"{therapist.name}'s account is a staff account. Therapist accounts are "
                "never staff: ask a superuser to sort this out."
            )
        if user.email != email and not taken.exclude(pk=user.pk).exists():
            user.username = user.email = email  # the profile's address changed since
        user.is_active = True
        user.save()
        account.invited_at = timezone.now()
        account.invited_by = by
        account.save()
    invitation_email(account, base_url).send()
    logger.info("Therapist account %s: invitation sent", account.pk)
    return account


def invitation_url(account: TherapistAccount, base_url: str = "") -> str:
    uid = urlsafe_base64_encode(force_bytes(account.user.pk))
    token = invitation_tokens.make_token(account.user)
    return _base(base_url) + reverse("accounts:welcome", args=[uid, token])


def invitation_email(account: TherapistAccount, base_url: str = "") -> EmailMessage:
    therapist = account.therapist
    days = link_days()
    body = (
        f"Hello {therapist.name},\n\n"
        f"{settings.PRACTICE_NAME} has made an account for you, so you can keep your "
        f"profile in our therapist directory up to date.\n\n"
        f"Choose your password here. The link works once, for {days} "
        f"day{'s' if days != 1 else ''}:\n"
        f"{invitation_url(account, base_url)}\n\n"
        f"Your sign-in name is your email address: {account.user.email}\n"
        f"After that, sign in at {_base(base_url)}{reverse('accounts:sign-in')}\n\n"
        "We check changes to your profile before they appear on the website. Whether you "
        "are taking new clients changes straight away.\n\n"
        "If you were not expecting this email, you can ignore it.\n\n"
        f"{settings.PRACTICE_NAME}\n"
    )
    return _to_therapist(
        account.user.email, f"Your profile on {settings.SITE_NAME}: choose a password", body
    )


# --- Availability reminders -------------------------------------------------------------

# A therapist is reminded this many days before their availability would go stale, and
# again at most this often while it stays unconfirmed.
REMIND_DAYS_BEFORE = 7
REMIND_AGAIN_DAYS = 30


def accounts_due_an_availability_reminder(today=None):
    """Accounts of published therapists whose availability goes stale within a week (or
    has), not reminded in the last 30 days."""
    today = today or timezone.localdate()
    soon = today - timedelta(days=settings.AVAILABILITY_CONFIRM_DAYS - REMIND_DAYS_BEFORE)
    return (
        TherapistAccount.objects.select_related("user", "therapist")
        .filter(
            therapist__published=True,
            user__is_active=True,
            user__is_staff=False,
            password_set_at__isnull=False,
        )
        .filter(
            Q(therapist__accepting_confirmed_on__isnull=True)
            | Q(therapist__accepting_confirmed_on__lte=soon)
        )
        # A confirmation resets the clock for at least 53 days, longer than 30: a
        # reminder older than 30 days is enough to know this one is not a repeat.
        .filter(
            Q(availability_reminded_on__isnull=True)
            | Q(availability_reminded_on__lte=today - timedelta(days=REMIND_AGAIN_DAYS))
        )
        .order_by("pk")
    )


def availability_reminder_email(account: TherapistAccount, base_url: str = "") -> EmailMessage:
    therapist = account.therapist
    confirmed = therapist.accepting_confirmed_on
    body = (
        f"Hello {therapist.name},\n\n"
        f"Your profile in our directory says: {therapist.get_availability_display()}"
        + (f", as you last confirmed on {confirmed:%-d %B %Y}" if confirmed else "")
        + ".\n\n"
        'Is that still right? Please sign in and press "Save and confirm" (it takes a '
        "moment, and changes your profile straight away):\n"
        f"{_account_url(base_url)}\n\n"
        f"Profiles not confirmed for {settings.AVAILABILITY_CONFIRM_DAYS} days show the "
        "date they were last confirmed, and appear lower in the directory.\n\n"
        f"{settings.PRACTICE_NAME}\n"
    )
    return _to_therapist(account.user.email, "Is your availability still right?", body)


def send_availability_reminder(account: TherapistAccount, base_url: str = "", today=None):
    """Send one reminder and note the date, so the next run does not repeat it."""
    availability_reminder_email(account, base_url).send()
    TherapistAccount.objects.filter(pk=account.pk).update(
        availability_reminded_on=today or timezone.localdate()
    )


# --- A forgotten password ------------------------------------------------------------------


def send_password_link(email: str, base_url: str = "") -> bool:
    """Email a one-use link to choose a new password to the therapist account with this
    address, if there is one that may sign in (active, never staff).

    Returns whether a link was sent. Callers must not tell the visitor: the page says the
    same either way, so nobody can learn from it who has an account.
    """
    account = (
        TherapistAccount.objects.select_related("user", "therapist")
        .filter(
            user__email__iexact=email.strip(),
            user__is_active=True,
            user__is_staff=False,
            user__is_superuser=False,
        )
        .first()
    )
    if account is None:
        return False
    password_link_email(account, base_url).send()
    logger.info("Therapist account %s: password link sent", account.pk)
    return True


def password_link_email(account: TherapistAccount, base_url: str = "") -> EmailMessage:
    days = link_days()
    body = (
        f"Hello {account.therapist.name},\n\n"
        f"We were asked for a link to choose a new password for your account on "
        f"{settings.SITE_NAME}.\n\n"
        f"Choose a new password here. The link works once, for {days} "
        f"day{'s' if days != 1 else ''}:\n"
        f"{invitation_url(account, base_url)}\n\n"
        "If you did not ask for this, you can ignore this email: your password has not "
        "changed.\n\n"
        f"{settings.PRACTICE_NAME}\n"
    )
    return _to_therapist(
        account.user.email, f"Your account on {settings.SITE_NAME}: choose a new password", body
    )


def password_chosen(user) -> None:
    TherapistAccount.objects.filter(user=user).update(password_set_at=timezone.now())


# --- Pending changes -----------------------------------------------------------------------


def submit_change(therapist: Therapist, *, by, data: dict, base_url: str = "") -> ProfileChange:
    """Store the therapist's edit as their pending change (one at a time: editing again
    before a decision replaces what they sent). The public profile is not touched."""
    proposed = {name: data[name] for name in VALUE_FIELDS}
    for name in LIST_FIELDS:
        proposed[name] = sorted(item.pk for item in data[name])
    new_photo = data.get("photo")
    with transaction.atomic():
        # Lock the profile row, so two edits sent at once cannot make two pending changes.
        Therapist.objects.select_for_update().filter(pk=therapist.pk).first()
        change = ProfileChange.objects.pending().filter(therapist=therapist).first()
        if change is None:
            change = ProfileChange(therapist=therapist)
        if new_photo:
            change.photo = photos.resize_photo(new_photo, therapist.slug or "therapist").read()
            change.remove_photo = False
        elif data.get("remove_photo"):
            change.photo = None
            change.remove_photo = True
        change.proposed = proposed
        change.submitted_by = by
        change.submitted_at = timezone.now()
        change.save()
    transaction.on_commit(lambda: _send_safely(review_request_email, change, base_url))
    return change


class AlreadyDecided(AccountError):
    pass


def _lock_pending(change: ProfileChange) -> ProfileChange:
    locked = ProfileChange.objects.select_for_update().select_related("therapist").get(pk=change.pk)
    if not locked.is_pending:
        raise AlreadyDecided(
            f"This change was already {locked.get_status_display().lower()} "
            f"on {timezone.localtime(locked.decided_at):%d %b %Y at %H:%M}."
        )
    return locked


def approve(change: ProfileChange, *, by, base_url: str = "") -> ProfileChange:
    """Publish the change: the profile takes the proposed values, the change keeps the
    version it replaced (the history), and the therapist gets a short email."""
    with transaction.atomic():
        therapist = Therapist.objects.select_for_update().get(pk=change.therapist_id)
        change = _lock_pending(change)
        change.previous = snapshot(therapist)
        for name in VALUE_FIELDS:
            if name in change.proposed:
                setattr(therapist, name, change.proposed[name])
        if change.photo:
            therapist.photo = ContentFile(bytes(change.photo), name=f"{therapist.slug}.jpg")
            change.proposed["new_photo"] = True
        elif change.remove_photo:
            therapist.photo = ""
        therapist.clean()
        for name in LIST_FIELDS:
            if name in change.proposed:
                related = Therapist._meta.get_field(name).related_model
                getattr(therapist, name).set(related.objects.filter(pk__in=change.proposed[name]))
        # Saved last and in full, so post_save sees the finished profile.
        therapist.save()
        change.photo = None  # it is the profile's photo now
        change.status = ProfileChange.Status.APPROVED
        change.decided_by = by
        change.decided_at = timezone.now()
        change.save()
    transaction.on_commit(lambda: _send_safely(approved_email, change, base_url))
    return change


def send_back(change: ProfileChange, *, by, reason: str, base_url: str = "") -> bool:
    """Decline the change with a reason, which is emailed to the therapist. Returns
    whether the email went (the reason is also shown when they sign in)."""
    reason = reason.strip()
    if not reason:
        raise AccountError("Write a reason, so the therapist knows what to change.")
    with transaction.atomic():
        change = _lock_pending(change)
        if change.photo:
            change.proposed["new_photo"] = True
        change.photo = None
        change.status = ProfileChange.Status.SENT_BACK
        change.decided_by = by
        change.decided_at = timezone.now()
        change.reason = reason
        change.save()
    return _send_safely(sent_back_email, change, base_url)


def _send_safely(build, change, base_url) -> bool:
    try:
        message = build(change, base_url)
        if message is not None:
            message.send()
        return True
    except Exception as exc:  # SMTP down: the change itself is saved and shown on sign-in
        logger.warning(
            "Profile change %s: %s not sent (%s)", change.pk, build.__name__, type(exc).__name__
        )
        return False


def _therapist_address(change):
    account = TherapistAccount.objects.select_related("user").filter(therapist=change.therapist)
    account = account.first()
    return account.user.email if account and account.user.email else None


def _account_url(base_url):
    return _base(base_url) + reverse("accounts:home")


def review_request_email(change, base_url):
    url = _base(base_url) + reverse("admin:accounts_profilechange_change", args=[change.pk])
    body = (
        f"{change.therapist.name} sent changes to their profile. They are waiting for "
        f"approval:\n{url}\n\nThe public profile keeps the approved version until then.\n"
    )
    return EmailMessage(
        subject=f"Profile changes to approve: {change.therapist.name}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.PROFILE_REVIEW_EMAIL],
    )


def approved_email(change, base_url):
    to = _therapist_address(change)
    if to is None:
        return None
    body = (
        f"Hello {change.therapist.name},\n\n"
        "Thank you for updating your profile. We have approved your changes, and they are "
        "now on the website.\n\n"
        f"You can sign in at any time to make more: {_account_url(base_url)}\n\n"
        f"{settings.PRACTICE_NAME}\n"
    )
    return _to_therapist(to, "Your profile changes are live", body)


def sent_back_email(change, base_url):
    to = _therapist_address(change)
    if to is None:
        return None
    body = (
        f"Hello {change.therapist.name},\n\n"
        "Thank you for updating your profile. We have not published these changes yet. "
        "This is what we would like you to look at:\n\n"
        f"{change.reason}\n\n"
        "Your public profile still shows the version we approved before. You can make "
        f"changes and send them again here: {_account_url(base_url)}\n\n"
        f"If you have a question, reply to this email.\n\n{settings.PRACTICE_NAME}\n"
    )
    return _to_therapist(to, "Your profile changes need another look", body)
