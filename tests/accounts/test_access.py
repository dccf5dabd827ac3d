"""Every boundary: a therapist reaches only their own profile, never another's, never an
enquiry, never the admin; everyone else is kept out of /account/."""

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ipt_site.accounts.models import ProfileChange, TherapistAccount
from ipt_site.contact.models import Enquiry
from ipt_site.therapists.models import Availability

from .conftest import make_account, make_therapist

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "/account/",
    "/account/profile/",
    "/account/password/",
    "/account/profile/new-photo/",
]


@pytest.fixture
def other():
    """Another therapist, with an account and a pending change holding a new photo."""
    therapist = make_therapist(slug="other-person", name="Other Person")
    user = make_account(therapist)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "JPEG")
    ProfileChange.objects.create(
        therapist=therapist,
        submitted_by=user,
        proposed={"biography": "Other's pending words."},
        photo=buffer.getvalue(),
    )
    return therapist


@pytest.fixture
def enquiry(db):
    return Enquiry.objects.create(
        name="Alex Example",
        email="alex@example.com",
        message="A private message about my health.",
        consent_given_at=timezone.now(),
    )


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next={url}"


def test_account_pages_are_never_cached(signed_in):
    for url in ("/account/", "/account/profile/", "/account/password/"):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_therapist_users_are_not_staff_and_cannot_open_the_admin(
    signed_in, therapist_user, enquiry
):
    assert not therapist_user.is_staff
    for url in (
        reverse("admin:index"),
        reverse("admin:therapists_therapist_changelist"),
        reverse("admin:accounts_profilechange_changelist"),
    ):
        response = signed_in.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_therapist_never_reaches_an_enquiry(signed_in, therapist, enquiry):
    enquiry.therapist = therapist  # even one sent to them
    enquiry.save()
    for url in (
        reverse("admin:contact_enquiry_changelist"),
        reverse("admin:contact_enquiry_change", args=[enquiry.pk]),
    ):
        response = signed_in.get(url, follow=True)
        assert "A private message" not in response.content.decode()
        assert "Alex Example" not in response.content.decode()
    response = signed_in.post(
        reverse("admin:contact_enquiry_changelist"),
        {"action": "export_csv", "_selected_action": [enquiry.pk]},
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    for page in ACCOUNT_PAGES[:3]:
        assert "A private message" not in signed_in.get(page).content.decode()


def test_a_therapist_never_reaches_another_profile(signed_in, therapist, other):
    # No address names a profile: the pages are about the signed-in therapist only.
    home = signed_in.get("/account/").content.decode()
    assert "Other Person" not in home and "Other&#x27;s pending words." not in home
    assert "Other's pending words." not in signed_in.get("/account/profile/").content.decode()
    # Their pending photo is not reachable, not even by guessing the admin's address.
    assert signed_in.get("/account/profile/new-photo/").status_code == 404
    change = ProfileChange.objects.get(therapist=other)
    admin_photo = reverse("admin:accounts_profilechange_photo", args=[change.pk])
    assert signed_in.get(admin_photo).status_code == 302
    # Extra fields naming the other therapist change nothing about them.
    signed_in.post(
        "/account/profile/",
        {
            "title": "Counsellor",
            "introduction": "Mine.",
            "therapist": other.pk,
            "therapist_id": other.pk,
            "slug": other.slug,
        },
    )
    assert ProfileChange.objects.get(therapist=other).proposed == {
        "biography": "Other's pending words."
    }
    assert ProfileChange.objects.get(therapist=therapist).proposed["introduction"] == "Mine."
    signed_in.post("/account/profile/withdraw/", {"therapist": other.pk})
    assert ProfileChange.objects.filter(therapist=other).exists()
    signed_in.post("/account/", {"availability": "4", "therapist": other.pk})
    other.refresh_from_db()
    assert other.availability == Availability.WITHIN_2_MONTHS


@pytest.mark.parametrize("kind", ["staff", "plain user"])
def test_other_signed_in_users_are_refused(db, kind):
    user = User.objects.create_user("someone", is_staff=kind == "staff")
    client = Client()
    client.force_login(user)
    for url in ACCOUNT_PAGES[:3]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "This page is for therapists" in response.content.decode()


def test_a_therapist_who_was_made_staff_loses_the_account_pages(signed_in, therapist_user):
    therapist_user.is_staff = True
    therapist_user.save()
    assert signed_in.get("/account/").status_code == 403


def test_deleting_an_account_removes_the_sign_in(therapist_user, client):
    admin = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    account = TherapistAccount.objects.get()
    client.post(
        reverse("admin:accounts_therapistaccount_delete", args=[account.pk]), {"post": "yes"}
    )
    assert not User.objects.filter(pk=therapist_user.pk).exists()
    assert not TherapistAccount.objects.exists()
