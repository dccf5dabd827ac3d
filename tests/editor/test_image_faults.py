"""Issue 21: the content editor's images: a very wide one answered 500, metadata survived
re-encoding, MPO photos were refused. The helpers and the photo half are in
tests/therapists/test_image_faults.py."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from ipt_site.editor import images
from ipt_site.therapists import photos
from tests.therapists.test_image_faults import (
    HOME_ADDRESS,
    assert_pixels_only,
    dirty_jpeg,
    mpo,
    wide_png,
)

from .test_edit import row_for

pytestmark = pytest.mark.django_db


def post_image(editor_client, data: bytes, name: str):
    row = row_for(editor_client, "faq.md")
    url = reverse("admin:editor_contentpage_images", args=[row.pk])
    buffer = io.BytesIO(data)
    buffer.name = name
    return editor_client.post(url, {"image": buffer, "alt": "Something"})


@pytest.fixture
def editor_pages(content):
    content.page("_index.md", title="Home")
    content.page("faq.md", title="Questions", body="Answers.")
    return content


def stored_upload(settings, response) -> bytes:
    uploaded = response.context["uploaded"]
    assert uploaded is not None, response.content.decode()[:2000]
    return (settings.MEDIA_ROOT / uploaded["url"].removeprefix("/media/")).read_bytes()


def test_a_very_wide_image_is_stored_not_a_500(editor_client, editor_pages, settings):
    response = post_image(editor_client, wide_png(), "strip.png")
    assert response.status_code == 200
    stored = Image.open(io.BytesIO(stored_upload(settings, response)))
    assert stored.size == (settings.EDITOR_IMAGE_MAX_WIDTH, 1)


def test_an_editor_image_keeps_no_metadata(editor_client, editor_pages, settings):
    response = post_image(editor_client, dirty_jpeg((2000, 1000)), "photo.jpg")
    assert_pixels_only(stored_upload(settings, response))


def test_an_mpo_is_accepted_by_the_editor_as_a_jpeg(editor_client, editor_pages, settings):
    response = post_image(editor_client, mpo(), "portrait.jpg")
    data = stored_upload(settings, response)
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert_pixels_only(data)
    assert response.context["uploaded"]["url"].endswith(".jpg")


def test_a_png_keeps_its_transparency_but_no_text(editor_client, editor_pages, settings):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", HOME_ADDRESS.decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 20, 30, 0)).save(buffer, "PNG", pnginfo=text)
    response = post_image(editor_client, buffer.getvalue(), "clear.png")
    data = stored_upload(settings, response)
    assert HOME_ADDRESS not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0


def test_images_module_names_mpo_as_jpeg():
    image = Image.open(io.BytesIO(mpo()))
    assert photos.source_format(image) == "JPEG"
    assert images.FORMATS[photos.source_format(image)] == "jpg"
