"""Therapist photos: validate uploads and store them small.

An upload must be an image (Pillow opens and verifies it) of at most 5 MB. It is stored
as a JPEG of at most 600 px on its long side, with the quality stepped down until the
file is at most 60 KB. Nothing but the pixels is kept: no comment, camera data (EXIF,
where a photo was taken), XMP or colour profile.
"""

import contextlib
import io
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 600
MAX_STORED_BYTES = 60 * 1024
QUALITIES = (85, 78, 70, 62, 55, 48, 40, 32)
# Refuse decompression bombs early: 40 megapixels is plenty for a portrait.
MAX_PIXELS = 40_000_000
# Cards show photos at 72 CSS pixels; 160 covers high-density screens in a few KB.
CARD_SIDE = 160
CARD_MAX_BYTES = 12 * 1024


def validate_photo_size(file):
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        mb = size / (1024 * 1024)
        raise ValidationError(
            f"This photo is {mb:.1f} MB. Please choose one of at most 5 MB.",
            code="photo_too_large",
        )


# Pillow's names for files that are JPEGs to everyone else: MPO is a JPEG with a second
# frame (some phones' portrait mode); the first frame is the photo.
SAME_AS = {"MPO": "JPEG"}
# The only entry of Image.info a re-encoded image keeps: which palette colour is clear.
KEPT_INFO = {"transparency"}


def source_format(image: Image.Image) -> str | None:
    return SAME_AS.get(image.format, image.format)


def without_metadata(image: Image.Image) -> Image.Image:
    """The pixels alone: no comment, EXIF, XMP, ICC profile or any other block Pillow
    would copy into the saved file. Colours in a camera's own profile (Display P3...)
    are turned into sRGB first, so the photo looks the same without the profile."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA"):
        # A broken profile: keep the pixels as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=image.mode,
            )
    clean = image.copy()
    clean.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    return clean


def open_verified(file, *, noun="photo", code_prefix="photo_", formats=None) -> Image.Image:
    """Open an upload as an image Pillow has verified and loaded, or raise a
    ValidationError in plain words. Shared with the content editor's images."""
    try:
        file.seek(0)
        image = Image.open(file)
        if formats is not None and source_format(image) not in formats:
            raise ValidationError(
                "Please upload a JPEG, PNG or WebP image.", code=f"{code_prefix}format"
            )
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(
                f"This {noun} has too many pixels to process.", code=f"{code_prefix}pixels"
            )
        image.verify()
        file.seek(0)
        image = Image.open(file)
        image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            f"This file is not an image we can read. Please upload a JPEG, PNG or WebP {noun}.",
            code=f"{code_prefix}invalid",
        ) from exc
    return image


def _open(file):
    return open_verified(file)


def validate_photo(file):
    """Full check: size and readable image. Raises ValidationError with a clear message."""
    validate_photo_size(file)
    _open(file)
    file.seek(0)


def resize_photo(file, stem, max_side=MAX_SIDE, max_bytes=MAX_STORED_BYTES):
    """Return a ContentFile holding a small JPEG version of `file`, named `<stem>.jpg`."""
    image = without_metadata(ImageOps.exif_transpose(_open(file)))
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode == "L":
        image = image.convert("RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    data = b""
    while True:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
            data = buffer.getvalue()
            if len(data) <= max_bytes:
                return ContentFile(data, name=f"{stem}.jpg")
        # Still too big at the lowest quality (very noisy images): shrink and retry.
        image = image.resize((max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)))


def card_thumbnail(file, stem):
    """A card-sized copy, so a directory page does not load every full profile photo."""
    file.seek(0)
    return resize_photo(file, f"{stem}-card", max_side=CARD_SIDE, max_bytes=CARD_MAX_BYTES)


# Photos chosen on a form that had an error elsewhere, kept until it is sent again.
PENDING_DIR = "therapists/pending/"
PENDING_SALT = "ipt_site.therapists.pending-photo"
PENDING_MAX_AGE = 24 * 60 * 60


def keep_pending(file) -> tuple[str, str]:
    """Store a validated upload (shrunk, metadata gone) under a random name; returns a
    signed token for a hidden field, and the stored name."""

    file.seek(0)
    name = default_storage.save(
        f"{PENDING_DIR}{secrets.token_urlsafe(16)}.jpg", resize_photo(file, "pending")
    )
    return signing.dumps(name, salt=PENDING_SALT), name


def is_pending(name: str) -> bool:
    return name.startswith(PENDING_DIR)


def pending_photo(token: str):
    """(name, file to save) for the kept upload a token names, or None (no token, a
    forged or old one, or the file is gone)."""

    if not token:
        return None
    try:
        name = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if not is_pending(name) or not default_storage.exists(name):
        return None
    with default_storage.open(name) as stored:
        return name, File(io.BytesIO(stored.read()), name=name.rsplit("/", 1)[-1])


def discard_pending(name: str) -> None:
    if is_pending(name):
        default_storage.delete(name)
