import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipt_site.twofactor import services


def app_code(device, steps_ahead=0) -> str:
    """The code an authenticator app shows, from django-otp's own TOTP; `steps_ahead`
    gives the next 30-second code (accepted within the default tolerance), for a second
    sign-in within the same 30 seconds (a used code is refused)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture
def password_only(client, admin_user, require_2fa):
    """An admin who has given the right password through the real login form."""
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": admin_user.username, "password": "password"},
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def enrolled(admin_user):
    """The admin has set up an app and has recovery codes; returns (device, codes)."""
    device = TOTPDevice.objects.create(user=admin_user, name="Authenticator app")
    codes = services.new_recovery_codes(admin_user)
    return device, codes
