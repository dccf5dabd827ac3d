import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import create_therapist


@pytest.fixture
def make_therapist(db):
    return create_therapist


def image_bytes(fmt="PNG", size=(800, 600), mode="RGB", noise=False):
    if noise:
        import os

        image = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = Image.new(mode, size, (31, 111, 106) if mode == "RGB" else (31, 111, 106, 128))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def upload(name="photo.png", data=None, content_type="image/png"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type)
