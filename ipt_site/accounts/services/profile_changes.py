"""A therapist's edit waits as a ProfileChange until an admin approves it or sends it back.

The public profile is the Therapist row. A therapist's edit never touches it: it is kept
as a ProfileChange until an admin approves it, and approving saves the Therapist the
normal way (so its signals, such as the public cache's version bump, fire after every
field and relation has its new value). Each step queues a short email (accounts.tasks).
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ipt_site.therapists import photos
from ipt_site.therapists.models import Therapist
from ipt_site.web.tasks import enqueue_on_commit

from ..models import LIST_FIELDS, VALUE_FIELDS, ProfileChange
from ..tasks import send_approved, send_review_request, send_sent_back
from . import AccountError

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
    enqueue_on_commit(send_review_request, change.pk, base_url)
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
    enqueue_on_commit(send_approved, change.pk, base_url)
    return change


def send_back(change: ProfileChange, *, by, reason: str, base_url: str = "") -> ProfileChange:
    """Decline the change with a reason, which is emailed to the therapist (and shown
    when they sign in)."""
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
    send_sent_back.enqueue(change.pk, base_url)
    return change
