"""Images for content pages: checked, made web-sized, stored as media.

An upload must be a JPEG, PNG or WebP image Pillow can read, of at most 10 MB. It is
turned the right way up, shrunk to at most 1,400 px wide (twice the reading column) and
saved again with nothing but its pixels: no comment, camera data (such as where a photo
was taken), XMP or colour profile. An MPO (a phone's two-frame JPEG) is its first frame.
"""

import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from ipt_site.therapists import photos

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
FOLDER = "content-images"


def _max_bytes():
    return settings.EDITOR_IMAGE_MAX_BYTES


def open_image(upload) -> Image.Image:
    size = getattr(upload, "size", 0) or 0
    if size > _max_bytes():
        raise ValidationError(
            f"This image is {size / 1048576:.1f} MB. Please choose one of at most "
            f"{_max_bytes() // 1048576} MB.",
            code="too_large",
        )
    return photos.open_verified(upload, noun="image", code_prefix="", formats=FORMATS)


def _folder(page_relpath: str) -> str:
    """content-images/problem-areas/grief for problem-areas/grief.md; 'home' for the home page."""
    stem = page_relpath[: -len(".md")]
    if stem == "_index":
        return "home"
    return stem.removesuffix("/_index")


def _stem(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", name.rsplit(".", 1)[0].lower()).strip("-")
    return stem[:60] or "image"


def store(upload, page_relpath: str) -> str:
    """Save a web-sized copy of an uploaded image; return its address."""
    image = open_image(upload)
    source_format = photos.source_format(image)
    image = photos.without_metadata(ImageOps.exif_transpose(image))
    width = settings.EDITOR_IMAGE_MAX_WIDTH
    if image.width > width:
        # At least a pixel high: a 3000 x 1 strip would round to none (a 500 before).
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    elif source_format == "WEBP":
        image.save(buffer, "WEBP", quality=82)
    else:
        image.save(buffer, "PNG", optimize=True)
    name = f"{FOLDER}/{_folder(page_relpath)}/{_stem(upload.name)}.{FORMATS[source_format]}"
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    return default_storage.url(saved)


def page_images(page_relpath: str) -> list[str]:
    """Addresses of the images already uploaded for a page."""
    folder = _folder(page_relpath)
    try:
        _dirs, names = default_storage.listdir(f"{FOLDER}/{folder}")
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [default_storage.url(f"{FOLDER}/{folder}/{name}") for name in sorted(names)]
