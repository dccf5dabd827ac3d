"""A therapist edits their profile; the change waits; an admin approves or sends it back."""

import io

import pytest
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from PIL import Image

from ipt_site.accounts.models import ProfileChange
from ipt_site.therapists.models import Language, ProblemArea, SessionFormat, Therapist

pytestmark = pytest.mark.django_db

PROFILE = "/account/profile/"
NEW_BIO = "A brand new biography, written by me."


def png(size=(900, 700)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "me.png"
    return buffer


def form_data(**changes):
    data = {
        "title": "Counselling psychologist",
        "introduction": "I offer IPT for adults.",
        "biography": "The approved biography.",
        "location": "Leeds",
        "photo_alt": "",
        "problem_areas": [],
        "other_areas": [],
        "formats": [],
        "age_groups": [],
        "languages": [],
    }
    data.update(changes)
    return data


def review_url(change):
    return reverse("admin:accounts_profilechange_change", args=[change.pk])


def test_edit_makes_a_pending_change_and_the_public_profile_keeps_the_approved_version(
    signed_in, therapist, mailoutbox, django_capture_on_commit_callbacks
):
    grief = ProblemArea.objects.get(slug="grief")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            PROFILE, form_data(biography=NEW_BIO, problem_areas=[grief.pk], location="York")
        )
    assert response.status_code == 302 and response["Location"] == "/account/"
    change = ProfileChange.objects.get()
    assert change.status == ProfileChange.Status.PENDING
    assert change.proposed["biography"] == NEW_BIO
    assert change.proposed["problem_areas"] == [grief.pk]
    assert change.submitted_by.email == "sam-rivers@example.org"

    home = signed_in.get("/account/").content.decode()
    assert "Waiting for approval" in home
    assert "Your changes are waiting for approval" in home  # the message after sending

    therapist.refresh_from_db()
    assert therapist.biography == "The approved biography."
    assert therapist.location == "Leeds"
    assert not therapist.problem_areas.exists()
    public = Client().get(therapist.get_absolute_url()).content.decode()
    assert "The approved biography." in public
    assert NEW_BIO not in public

    (review,) = mailoutbox
    assert review.to == ["review@example.org"]
    assert f"https://ipt.example{review_url(change)}" in review.body


def test_editing_again_replaces_the_pending_change(signed_in):
    signed_in.post(PROFILE, form_data(biography="First try."))
    form = signed_in.get(PROFILE)
    assert form.context["form"].initial["biography"] == "First try."  # starts from the pending one
    assert "This form shows the changes you sent" in form.content.decode()
    signed_in.post(PROFILE, form_data(biography="Second try."))
    change = ProfileChange.objects.get()
    assert change.proposed["biography"] == "Second try."


def test_bad_input_is_explained_and_nothing_is_saved(signed_in):
    response = signed_in.post(PROFILE, form_data(introduction="", biography="Kept text."))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_introduction">Write a short introduction.' in page
    assert "Kept text." in page  # what they wrote is still there
    response = signed_in.post(PROFILE, form_data(photo=io.BytesIO(b"not an image")))
    assert "This file is not an image we can read" in response.content.decode()
    response = signed_in.post(PROFILE, form_data(photo=png()))
    assert "Describe your photo for people who cannot see it." in response.content.decode()
    response = signed_in.post(PROFILE, form_data())
    assert "You have not changed anything yet." in response.content.decode()
    response = signed_in.post(PROFILE, form_data(problem_areas=["999999"]))
    assert response.status_code == 200
    assert not ProfileChange.objects.exists()


def test_a_new_photo_waits_privately(signed_in, therapist):
    signed_in.post(PROFILE, form_data(photo=png(), photo_alt="Sam in a garden"))
    change = ProfileChange.objects.get()
    assert change.has_new_photo
    with Image.open(io.BytesIO(bytes(change.photo))) as stored:
        assert max(stored.size) <= 600  # made small before it is kept
    therapist.refresh_from_db()
    assert not therapist.photo  # nothing in MEDIA_ROOT, nothing public
    response = signed_in.get("/account/profile/new-photo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert Client().get("/account/profile/new-photo/").status_code == 302  # signed out


def test_withdraw(signed_in, therapist):
    signed_in.post(PROFILE, form_data(biography="Oops."))
    response = signed_in.post("/account/profile/withdraw/", follow=True)
    assert "Your changes are withdrawn" in response.content.decode()
    assert not ProfileChange.objects.exists()
    assert signed_in.get("/account/profile/withdraw/").status_code == 405


def test_admin_sees_old_and_new_side_by_side(signed_in, editor_client):
    signed_in.post(PROFILE, form_data(biography=NEW_BIO, photo=png(), photo_alt="Sam smiling"))
    change = ProfileChange.objects.get()
    response = editor_client.get(review_url(change))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Public profile now" in page and "Proposed" in page
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["About them"].old == "The approved biography."
    assert rows["About them"].new == NEW_BIO
    assert rows["About them"].changed
    assert not rows["Short introduction"].changed
    assert response.context["photo_state"] == "new"
    photo_url = reverse("admin:accounts_profilechange_photo", args=[change.pk])
    assert photo_url in page
    assert editor_client.get(photo_url)["Content-Type"] == "image/jpeg"
    assert "Approve and publish" in page and "Send back with this reason" in page


def test_approve_publishes_and_keeps_the_history(
    signed_in, editor_client, therapist, mailoutbox, editor, django_capture_on_commit_callbacks
):
    anonymous = Client()
    english = Language.objects.get(slug="english")
    online = SessionFormat.objects.get(slug="online")
    signed_in.post(
        PROFILE,
        form_data(
            biography=NEW_BIO,
            languages=[english.pk],
            formats=[online.pk],
            online_anywhere="on",
            photo=png(),
            photo_alt="Sam smiling",
        ),
    )
    change = ProfileChange.objects.get()
    assert anonymous.get(therapist.get_absolute_url()).content.decode().count(NEW_BIO) == 0
    mailoutbox.clear()

    saved_states = []

    def on_save(sender, instance, **kwargs):
        # The public cache's version bump hangs on this signal: by then every field and
        # relation must have its new value.
        saved_states.append(
            (instance.biography, list(instance.languages.values_list("slug", flat=True)))
        )

    post_save.connect(on_save, sender=Therapist)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(review_url(change), {"_approve": "1"}, follow=True)
    finally:
        post_save.disconnect(on_save, sender=Therapist)
    assert "Approved: Sam Rivers" in response.content.decode()
    assert saved_states == [(NEW_BIO, ["english"])]

    therapist.refresh_from_db()
    assert therapist.biography == NEW_BIO
    assert therapist.online_anywhere
    assert list(therapist.formats.values_list("slug", flat=True)) == ["online"]
    assert therapist.photo and therapist.photo_card and therapist.photo_alt == "Sam smiling"
    public = anonymous.get(therapist.get_absolute_url()).content.decode()
    assert NEW_BIO in public and "Sam smiling" in public

    change.refresh_from_db()
    assert change.status == ProfileChange.Status.APPROVED
    assert change.decided_by == editor and change.decided_at is not None
    assert change.previous["biography"] == "The approved biography."  # what it replaced
    assert change.photo is None  # the photo now lives on the profile

    (message,) = mailoutbox
    assert message.to == ["sam-rivers@example.org"]
    assert "approved your changes" in message.body

    # The history: on the therapist's admin page and on the change itself.
    record = editor_client.get(reverse("admin:therapists_therapist_change", args=[therapist.pk]))
    html = record.content.decode()
    assert "Approved" in html and "editor," in html and review_url(change) in html
    review = editor_client.get(review_url(change)).content.decode()
    assert "Before" in review and "The approved biography." in review and NEW_BIO in review
    assert "Approve and publish" not in review  # decided: nothing more to do
    home = signed_in.get("/account/").content.decode()
    assert "We approved your last changes on" in home


def test_approving_twice_is_refused(signed_in, editor_client):
    signed_in.post(PROFILE, form_data(biography=NEW_BIO))
    change = ProfileChange.objects.get()
    editor_client.post(review_url(change), {"_approve": "1"})
    response = editor_client.post(review_url(change), {"_approve": "1"})
    assert response.status_code == 403
    assert ProfileChange.objects.get().status == "approved"


def test_send_back_needs_a_reason_and_emails_it(signed_in, editor_client, therapist, mailoutbox):
    signed_in.post(PROFILE, form_data(biography="Cures everyone in six weeks."))
    change = ProfileChange.objects.get()
    mailoutbox.clear()
    response = editor_client.post(review_url(change), {"_send_back": "1", "reason": "  "})
    assert response.status_code == 200
    assert "Write a reason" in response.content.decode()
    assert ProfileChange.objects.get().is_pending
    reason = "Please do not promise a cure. Say how IPT may help instead."
    response = editor_client.post(
        review_url(change), {"_send_back": "1", "reason": reason}, follow=True
    )
    assert "Sent back to Sam Rivers" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ProfileChange.Status.SENT_BACK and change.reason == reason
    (message,) = mailoutbox
    assert message.to == ["sam-rivers@example.org"] and reason in message.body
    therapist.refresh_from_db()
    assert therapist.biography == "The approved biography."

    home = signed_in.get("/account/").content.decode()
    assert "We sent your changes back" in home and "Please do not promise a cure." in home
    # Nothing they wrote is lost: the form starts from what was sent back.
    assert (
        signed_in.get(PROFILE).context["form"].initial["biography"]
        == "Cures everyone in six weeks."
    )
    signed_in.post(PROFILE, form_data(biography="IPT may help with low mood."))
    assert ProfileChange.objects.pending().count() == 1
    assert ProfileChange.objects.count() == 2  # the sent-back one stays in the history


def test_send_back_is_saved_even_when_the_email_fails(signed_in, editor_client, settings):
    signed_in.post(PROFILE, form_data(biography=NEW_BIO))
    change = ProfileChange.objects.get()
    settings.EMAIL_BACKEND = "tests.contact.backends.DownBackend"
    response = editor_client.post(
        review_url(change), {"_send_back": "1", "reason": "Shorter, please."}, follow=True
    )
    assert response.status_code == 200
    assert "with your reason by email" in response.content.decode()
    assert ProfileChange.objects.get().status == "sent_back"


def test_view_only_staff_cannot_decide(signed_in, client, db):
    from django.contrib.auth.models import Permission, User

    signed_in.post(PROFILE, form_data(biography=NEW_BIO))
    change = ProfileChange.objects.get()
    reader = User.objects.create_user("reader", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_profilechange"))
    client.force_login(reader)
    page = client.get(review_url(change)).content.decode()
    assert "Approve and publish" not in page
    assert client.post(review_url(change), {"_approve": "1"}).status_code == 403
    assert ProfileChange.objects.get().is_pending


def test_pending_changes_show_on_the_needs_attention_filter(signed_in, editor_client, therapist):
    url = reverse("admin:therapists_therapist_changelist") + "?attention=changes"
    assert editor_client.get(url).context["cl"].result_count == 0
    signed_in.post(PROFILE, form_data(biography=NEW_BIO))
    assert list(editor_client.get(url).context["cl"].result_list) == [therapist]


def test_editing_text_keeps_the_stored_photo(signed_in, therapist, editor_client):
    """Regression: the form's initial held the stored photo's name, which was then
    treated as an upload (AttributeError: 'str' object has no attribute 'seek')."""
    from django.core.files.base import ContentFile

    therapist.photo = ContentFile(png().getvalue(), name="sam.png")
    therapist.photo_alt = "Sam at work"
    therapist.save()
    stored = therapist.photo.name
    assert "photo" not in signed_in.get(PROFILE).context["form"].initial
    response = signed_in.post(PROFILE, form_data(biography=NEW_BIO, photo_alt="Sam at work"))
    assert response.status_code == 302
    change = ProfileChange.objects.get()
    assert not change.has_new_photo and not change.remove_photo
    editor_client.post(review_url(change), {"_approve": "1"})
    therapist.refresh_from_db()
    assert therapist.biography == NEW_BIO
    assert therapist.photo.name == stored


def test_removing_the_photo(signed_in, therapist, editor_client):
    from django.core.files.base import ContentFile

    therapist.photo = ContentFile(png().getvalue(), name="sam.png")
    therapist.photo_alt = "Sam at work"
    therapist.save()
    response = signed_in.post(PROFILE, form_data(photo_alt="Sam at work", remove_photo="on"))
    assert response.status_code == 302
    change = ProfileChange.objects.get()
    assert change.remove_photo
    editor_client.post(review_url(change), {"_approve": "1"})
    therapist.refresh_from_db()
    assert not therapist.photo and not therapist.photo_card
