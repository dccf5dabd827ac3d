import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from ipt_site.accounts.models import TherapistAccount
from tests.factories import create_therapist

PASSWORD = "a calm river at dawn 42"


@pytest.fixture(autouse=True)
def _account_settings(settings):
    settings.SITE_URL = "https://ipt.example"
    settings.PROFILE_REVIEW_EMAIL = "review@example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_therapist(slug="sam-rivers", **fields):
    """Sam Rivers, verified and up to date, with the email address an account needs."""
    values = {
        "name": "Sam Rivers",
        "title": "Counselling psychologist",
        "introduction": "I offer IPT for adults.",
        "biography": "The approved biography.",
        "email": f"{slug}@example.org",
        "location": "Leeds",
        **fields,
    }
    return create_therapist(slug=slug, verified=True, **values)


def make_account(therapist, password=PASSWORD):
    user = User.objects.create_user(therapist.email, therapist.email, password)
    TherapistAccount.objects.create(user=user, therapist=therapist, password_set_at=timezone.now())
    return user


@pytest.fixture
def therapist(db):
    return make_therapist()


@pytest.fixture
def therapist_user(therapist):
    return make_account(therapist)


@pytest.fixture
def signed_in(client, therapist_user):
    client.force_login(therapist_user)
    return client


@pytest.fixture
def editor(db):
    """A staff member whose only role is the "Directory editors" group."""
    user = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Directory editors"))
    return user


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client
