import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ipt_site.contact.forms import new_token
from tests.factories import create_therapist

FORM_URL = "/contact/"
MESSAGE = "I have been feeling very low since my father died and would like to talk."


@pytest.fixture(autouse=True)
def _enquiry_settings(settings):
    """A clean rate-limit cache, no minimum time (tests post at once), a known site URL."""
    cache.clear()
    settings.ENQUIRY_MIN_SECONDS = 0
    settings.ENQUIRY_RATE_LIMIT = 5
    settings.ENQUIRY_ACKNOWLEDGE = True
    settings.ENQUIRY_NOTIFY_EMAIL = "practice@example.org"
    settings.SITE_URL = "https://ipt.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    cache.clear()


def valid_data(**overrides):
    data = {
        "name": "Alex Example",
        "email": "alex@example.com",
        "phone": "07700 900123",
        "contact_preference": "email",
        "therapist": "",
        "preferred_format": "online",
        "message": MESSAGE,
        "consent": "on",
        "website": "",
        "started": new_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def therapist(db):
    return create_therapist(name="Dr Sam Rivers", slug="sam-rivers", email="sam@example.org")


@pytest.fixture
def post_enquiry(client, django_capture_on_commit_callbacks):
    """POST the form the way a browser would, running on-commit callbacks (the emails)
    as the real commit would."""

    def post(data=None, *, client=client, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("contact:form"), data or valid_data(), **extra)

    return post


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)
