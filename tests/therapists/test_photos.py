import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ipt_site.therapists import photos
from ipt_site.therapists.admin import TherapistAdminForm
from ipt_site.therapists.models import ProblemArea

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


def stored_image(therapist):
    therapist.photo.open("rb")
    data = therapist.photo.read()
    therapist.photo.close()
    return data, Image.open(io.BytesIO(data))


def test_upload_is_resized_and_compressed(make_therapist, settings):
    therapist = make_therapist(slug="ada")
    therapist.photo = upload(data=image_bytes("PNG", (2400, 1600), noise=True))
    therapist.photo_alt = "Ada smiling"
    therapist.save()
    data, image = stored_image(therapist)
    assert therapist.photo.name.startswith("therapists/ada")
    assert therapist.photo.name.endswith(".jpg")
    assert (settings.MEDIA_ROOT / therapist.photo.name).exists()
    assert max(image.size) <= 600
    assert image.format == "JPEG"
    assert len(data) <= 60 * 1024


def test_transparent_png_is_flattened(make_therapist):
    therapist = make_therapist()
    therapist.photo = upload(data=image_bytes("PNG", (300, 300), mode="RGBA"))
    therapist.photo_alt = "A photo"
    therapist.save()
    _, image = stored_image(therapist)
    assert image.mode == "RGB"
    assert image.size == (300, 300)  # small images are not enlarged


def test_saving_again_does_not_reprocess(make_therapist):
    therapist = make_therapist()
    therapist.photo = upload()
    therapist.photo_alt = "A photo"
    therapist.save()
    name = therapist.photo.name
    therapist.name = "Renamed"
    therapist.save()
    assert therapist.photo.name == name


def test_validate_rejects_a_non_image():
    with pytest.raises(ValidationError, match="not an image we can read"):
        photos.validate_photo(upload("photo.png", b"this is not an image"))


def test_validate_rejects_more_than_5_mb():
    big = upload("big.png", image_bytes() + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="at most 5 MB"):
        photos.validate_photo(big)


def admin_form_data(**overrides):
    data = {
        "name": "Ada Lovegood",
        "slug": "ada-lovegood",
        "title": "Counsellor",
        "introduction": "Hello.",
        "display_order": 100,
        "availability": 2,
        "intro_call_minutes": 15,
        "problem_areas": [ProblemArea.objects.get(slug="grief").pk],
        "photo_alt": "Ada at her desk",
    }
    data.update(overrides)
    return data


def test_admin_form_rejects_a_non_image_with_a_clear_message():
    form = TherapistAdminForm(
        data=admin_form_data(), files={"photo": upload("cv.png", b"%PDF-1.4 not an image")}
    )
    assert not form.is_valid()
    assert "not an image we can read" in form.errors["photo"][0]


def test_admin_form_rejects_a_large_file_with_a_clear_message():
    data = image_bytes("PNG", (100, 100)) + b"\0" * (5 * 1024 * 1024 + 1)
    form = TherapistAdminForm(data=admin_form_data(), files={"photo": upload("big.png", data)})
    assert not form.is_valid()
    assert "Please choose one of at most 5 MB" in " ".join(form.errors["photo"])


def test_admin_form_requires_alt_text_with_a_photo():
    form = TherapistAdminForm(data=admin_form_data(photo_alt=""), files={"photo": upload()})
    assert not form.is_valid()
    assert "Describe the photo" in form.errors["photo_alt"][0]


def test_admin_form_accepts_a_good_photo_and_stores_it_small():
    form = TherapistAdminForm(
        data=admin_form_data(),
        files={"photo": upload("me.jpg", image_bytes("JPEG", (1200, 1600)), "image/jpeg")},
    )
    assert form.is_valid(), form.errors
    therapist = form.save()
    _, image = stored_image(therapist)
    assert image.size == (450, 600)


def test_replacing_a_photo_removes_the_old_file(make_therapist, settings):
    therapist = make_therapist(slug="ada")
    therapist.photo = upload()
    therapist.photo_alt = "A photo"
    therapist.save()
    old = settings.MEDIA_ROOT / therapist.photo.name
    assert old.exists()
    therapist.photo = upload("new.png", image_bytes("PNG", (500, 500)))
    therapist.save()
    assert (settings.MEDIA_ROOT / therapist.photo.name).exists()
    assert not old.exists()


def test_cards_get_a_small_copy_of_the_photo(make_therapist, settings, client):
    therapist = make_therapist(slug="ada")
    therapist.photo = upload(data=image_bytes("PNG", (2400, 1600), noise=True))
    therapist.photo_alt = "Ada smiling"
    therapist.save()
    card = settings.MEDIA_ROOT / therapist.photo_card.name
    assert therapist.photo_card.name.startswith("therapists/ada-card")
    with Image.open(card) as image:
        assert max(image.size) <= photos.CARD_SIDE
    assert card.stat().st_size <= photos.CARD_MAX_BYTES
    listing = client.get("/therapists/").text
    assert therapist.photo_card.url in listing
    assert f'src="{therapist.photo.url}"' not in listing  # the full photo is for the profile
    assert f'src="{therapist.photo.url}"' in client.get(therapist.get_absolute_url()).text


def test_replacing_or_clearing_a_photo_removes_its_card_copy(make_therapist, settings):
    therapist = make_therapist(slug="ada")
    therapist.photo = upload()
    therapist.photo_alt = "A photo"
    therapist.save()
    first_card = settings.MEDIA_ROOT / therapist.photo_card.name
    therapist.photo = upload("new.png", image_bytes("PNG", (500, 500)))
    therapist.save()
    assert not first_card.exists()
    second_card = settings.MEDIA_ROOT / therapist.photo_card.name
    assert second_card.exists()
    therapist.photo = ""
    therapist.save()
    assert not second_card.exists()
    assert not therapist.photo_card
