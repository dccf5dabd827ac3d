import io

import pytest
from django.core.management import call_command
from PIL import Image

from ipt_site.therapists.demo import DATA_FILE, therapists_data
from ipt_site.therapists.models import Availability, Therapist

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("load_demo_therapists", *args, stdout=out)
    return out.getvalue()


def test_loads_a_varied_fictional_directory():
    assert "12 created" in run()
    therapists = Therapist.objects.all()
    assert therapists.count() == 12
    assert therapists.filter(published=False).count() == 1
    # Every status, fees (one and a range), lower fees, insurers, free calls and access.
    assert set(therapists.values_list("availability", flat=True)) == set(Availability.values)
    assert therapists.filter(fee_min__isnull=False, fee_max__isnull=True).exists()
    assert therapists.filter(fee_max__gt=0).exists()
    assert therapists.filter(concessions=True).exclude(concessions_note="").exists()
    assert therapists.filter(insurers__isnull=False).exists()
    assert therapists.filter(intro_call=True).exists()
    assert therapists.filter(intro_call=False).exists()
    assert therapists.filter(step_free=True, accessible_toilet=True).exists()
    assert therapists.availability_stale().published().exists()  # "last confirmed" shows
    assert all(t.email.endswith("@example.org") for t in therapists)
    assert all(t.registration_number.startswith("DEMO-") for t in therapists)
    with_photo = [t for t in therapists if t.photo]
    assert 0 < len(with_photo) < 12  # some show initials instead
    for therapist in with_photo:
        assert therapist.photo_alt
        assert therapist.photo.size <= 60 * 1024
        with therapist.photo.open("rb") as handle:
            assert max(Image.open(handle).size) <= 600
    published = Therapist.objects.published()
    for slug in ("grief", "role-disputes", "role-transitions", "interpersonal-deficits"):
        assert published.filter(problem_areas__slug=slug).exists(), slug
    for slug in ("online", "in-person"):
        assert published.filter(formats__slug=slug).exists(), slug
    for slug in ("adolescents", "adults", "older-adults"):
        assert published.filter(age_groups__slug=slug).exists(), slug
    assert published.exclude(languages__slug="english").count() < published.count()
    assert published.filter(languages__slug="welsh").exists()


def test_is_idempotent(settings):
    run()
    photos = dict(Therapist.objects.values_list("slug", "photo"))
    assert "12 updated" in run()
    assert Therapist.objects.count() == 12
    assert dict(Therapist.objects.values_list("slug", "photo")) == photos
    # Each photo and its card-sized copy, and nothing more after a second run.
    assert len(list((settings.MEDIA_ROOT / "therapists").iterdir())) == 2 * len(
        [p for p in photos.values() if p]
    )


def test_if_empty_does_nothing_when_any_therapist_exists(make_therapist):
    make_therapist(name="Real Person")
    assert "no demo data loaded" in run("--if-empty")
    assert Therapist.objects.count() == 1


def test_if_empty_loads_into_an_empty_directory():
    run("--if-empty")
    assert Therapist.objects.count() == 12


def test_demo_directory_pages_render(client):
    run()
    assert client.get("/therapists/").context["count"] == 11
    for therapist in Therapist.objects.published():
        assert client.get(therapist.get_absolute_url()).status_code == 200


def test_the_data_lives_in_a_yaml_file_beside_the_command():
    assert DATA_FILE.parent.name == "commands" and DATA_FILE.suffix == ".yaml"
    slugs = [item["slug"] for item in therapists_data()]
    assert len(slugs) == len(set(slugs)) == 12


def test_a_mistake_in_the_data_file_loads_nothing(tmp_path):
    from ipt_site.therapists import demo

    broken = therapists_data()
    broken[3]["fee"] = [90, 50]  # highest below lowest
    with pytest.raises(Exception, match="highest fee"):
        demo.load(broken)
    assert not Therapist.objects.exists()
