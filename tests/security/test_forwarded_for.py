"""A forged X-Forwarded-For sent straight to an app server (past the load balancer) moves
neither the enquiry limit nor the admin lockout; behind the load balancer, each visitor
still has their own (issue 27: 3 of 3 forged requests got past the limit)."""

import pytest
from django.urls import reverse

from ipt_site.contact.models import Enquiry
from tests.contact.conftest import valid_data

pytestmark = pytest.mark.django_db

DIRECT = "203.0.113.50"  # a client on the internet, reaching the app server itself
BALANCER = "10.0.0.2"  # the load balancer, on the private network


@pytest.fixture(autouse=True)
def _one_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    settings.ENQUIRY_MIN_SECONDS = 0
    settings.ENQUIRY_RATE_LIMIT = 3


def enquire(client, remote, forwarded):
    return client.post(
        reverse("contact:form"), valid_data(), REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    ).status_code


def test_a_forged_forwarded_for_sent_directly_does_not_dodge_the_enquiry_limit(client):
    statuses = [enquire(client, DIRECT, f"198.51.100.{n}") for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Enquiry.objects.count() == 3


def test_behind_the_load_balancer_each_visitor_has_their_own_limit(client):
    statuses = [enquire(client, BALANCER, f"198.51.100.{n}") for n in range(5)]
    assert statuses == [302] * 5
    # A visitor's own forged entry, left of the one the balancer appended, changes nothing.
    forged = [enquire(client, BALANCER, f"192.0.2.{n}, 198.51.100.9") for n in range(5)]
    assert forged == [302, 302, 302, 429, 429]


def test_a_forged_forwarded_for_sent_directly_does_not_dodge_the_admin_lockout(
    client, settings, admin_user
):
    settings.AXES_ENABLED = True
    url = reverse("admin:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": admin_user.username, "password": "wrong"},
            REMOTE_ADDR=DIRECT,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    locked = client.post(
        url,
        {"username": admin_user.username, "password": "password"},
        REMOTE_ADDR=DIRECT,
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert locked.status_code == 429
    # Nor can a client lock staff out of the load balancer's visitors by naming them.
    other = client.post(
        url + "?next=/admin/",
        {"username": admin_user.username, "password": "password"},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert other.status_code == 302
