"""Issue 21: odd images. A very wide image (3000 x 1) answered 500 in the editor's upload;
a JPEG comment (a home address), EXIF, XMP and a colour profile survived re-encoding in
therapists' photos and editor images; MPO photos (some phones) were refused as not JPEG.

The saved bytes are read marker by marker: nothing but JFIF may stay.
"""

import io
import struct

import pytest
from PIL import Image, ImageCms

from ipt_site.therapists import photos

from .conftest import upload

pytestmark = pytest.mark.django_db

HOME_ADDRESS = b"Flat 2, 14 Example Road, Anytown AB1 2CD"


def segments(jpeg: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) for each segment before the image data, in order."""
    assert jpeg[:2] == b"\xff\xd8"
    found, pos = [], 2
    while pos < len(jpeg):
        assert jpeg[pos] == 0xFF, f"not a marker at {pos}"
        marker = jpeg[pos + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        (length,) = struct.unpack(">H", jpeg[pos + 2 : pos + 4])
        found.append((marker, jpeg[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    return found


def assert_pixels_only(jpeg: bytes):
    for marker, payload in segments(jpeg):
        assert marker != 0xFE, "a comment (COM) was kept"
        if 0xE0 <= marker <= 0xEF:
            assert marker == 0xE0 and payload.startswith(b"JFIF\0"), (
                f"APP{marker - 0xE0} kept: {payload[:20]!r}"
            )
    assert HOME_ADDRESS not in jpeg
    assert b"Exif" not in jpeg and b"ns.adobe.com/xap" not in jpeg


def with_app13(jpeg: bytes) -> bytes:
    """A Photoshop/IPTC block (APP13), which Pillow has no option for: spliced in."""
    payload = b"Photoshop 3.0\0" + HOME_ADDRESS
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def dirty_jpeg(size=(900, 600)) -> bytes:
    """A phone's JPEG and then some: a comment, EXIF with a GPS position, XMP, an ICC
    profile carrying text, and an APP13 block, each holding a home address."""
    image = Image.new("RGB", size, (180, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    exif[0x010E] = HOME_ADDRESS.decode()  # ImageDescription
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    icc = profile.tobytes() + b" " + HOME_ADDRESS
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://ns.adobe.com/xap/1.0/">'
    xmp += HOME_ADDRESS + b"</rdf:RDF></x:xmpmeta>"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", comment=HOME_ADDRESS, exif=exif, icc_profile=icc, xmp=xmp)
    return with_app13(buffer.getvalue())


def mpo(size=(800, 600)) -> bytes:
    first = Image.new("RGB", size, (20, 120, 200))
    second = Image.new("RGB", size, (200, 20, 20))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    return data


def wide_png(size=(3000, 1)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 106)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_fixture_really_carries_every_kind_of_metadata():
    kinds = {marker for marker, _ in segments(dirty_jpeg())}
    assert {0xFE, 0xE1, 0xE2, 0xED} <= kinds  # COM, APP1 (EXIF, XMP), APP2 (ICC), APP13


# --- therapists' photos -------------------------------------------------------------------


def saved_photo(make_therapist, data: bytes, name="photo.jpg"):
    therapist = make_therapist()
    therapist.photo = upload(name, data, "image/jpeg")
    therapist.photo_alt = "A photo"
    therapist.save()
    therapist.refresh_from_db()
    return therapist


def read(field) -> bytes:
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def test_a_photo_keeps_no_metadata_at_all(make_therapist):
    therapist = saved_photo(make_therapist, dirty_jpeg())
    for field in (therapist.photo, therapist.photo_card):
        assert_pixels_only(read(field))


def test_an_mpo_photo_is_taken_as_its_first_frame(make_therapist):
    therapist = saved_photo(make_therapist, mpo())
    stored = Image.open(io.BytesIO(read(therapist.photo)))
    assert stored.format == "JPEG" and stored.size == (600, 450)
    assert stored.getpixel((10, 10))[2] > 150  # the first (blue) frame
    assert_pixels_only(read(therapist.photo))


def test_a_very_wide_photo_is_stored(make_therapist):
    therapist = saved_photo(make_therapist, wide_png(), "strip.png")
    stored = Image.open(io.BytesIO(read(therapist.photo)))
    assert stored.size == (600, 1)


def test_the_photo_check_accepts_an_mpo():
    photos.validate_photo(upload("portrait.jpg", mpo(), "image/jpeg"))
