"""Writes for two-step sign-in: start and finish set-up, recovery codes, reset."""

from base64 import b32encode

import django_otp
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def pending_app(user) -> TOTPDevice:
    """The app being set up (not yet confirmed by a code): the same one on every reload,
    so the QR code a person has scanned keeps working."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def readable_secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def finish_setup(request, device: TOTPDevice) -> list[str]:
    """The code matched: this app becomes the user's only app, the session counts as
    verified, and a fresh set of recovery codes is made (returned to show once)."""
    user = device.user
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = new_recovery_codes(user)
    sign_in_with(request, device)
    return codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones."""
    device = recovery_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def sign_in_with(request, device) -> None:
    """Mark this session as verified by `device`, under a new session key (a key someone
    saw before the code was given is worth nothing after it)."""
    request.session.cycle_key()
    django_otp.login(request, device)


def reset(user) -> int:
    """Remove every app and recovery code of `user`; returns how many devices went."""
    removed = 0
    for model in django_otp.device_classes():
        _, by_model = model.objects.filter(user=user).delete()
        removed += by_model.get(model._meta.label, 0)
    return removed
