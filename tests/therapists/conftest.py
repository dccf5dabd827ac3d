import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ipt_site.therapists.models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Specialism,
    Therapist,
)

_counter = itertools.count(1)


def create_therapist(
    *,
    areas=(),
    formats=(),
    ages=(),
    languages=(),
    other=(),
    **fields,
):
    number = next(_counter)
    values = {
        "name": f"Test Therapist {number}",
        "slug": f"test-therapist-{number}",
        "title": "Counsellor",
        "introduction": "A short introduction.",
        "published": True,
        "accepting_new_clients": True,
        **fields,
    }
    therapist = Therapist.objects.create(**values)
    therapist.problem_areas.set(ProblemArea.objects.filter(slug__in=areas))
    therapist.formats.set(SessionFormat.objects.filter(slug__in=formats))
    therapist.age_groups.set(AgeGroup.objects.filter(slug__in=ages))
    therapist.languages.set(Language.objects.filter(slug__in=languages))
    therapist.other_areas.set(Specialism.objects.filter(slug__in=other))
    return therapist


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
