import pytest
from django.core.exceptions import ValidationError

from ipt_site.therapists.models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Therapist,
)

pytestmark = pytest.mark.django_db


def test_vocabularies_are_seeded_with_the_slugs_content_pages_use():
    assert list(ProblemArea.objects.values_list("slug", flat=True)) == [
        "grief",
        "role-disputes",
        "role-transitions",
        "interpersonal-deficits",
    ]
    assert set(SessionFormat.objects.values_list("slug", flat=True)) == {"in-person", "online"}
    assert set(AgeGroup.objects.values_list("slug", flat=True)) == {
        "adolescents",
        "adults",
        "older-adults",
    }
    assert Language.objects.filter(slug="english").exists()


def test_published_queryset(make_therapist):
    shown = make_therapist(published=True)
    make_therapist(published=False)
    assert list(Therapist.objects.published()) == [shown]


def test_absolute_url(make_therapist):
    therapist = make_therapist(slug="ada-example")
    assert therapist.get_absolute_url() == "/therapists/ada-example/"


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Dr Ada Lovegood", "DL"), ("Ada", "A"), ("Mary-Jane Watts", "MW"), ("  ", "?")],
)
def test_initials(name, initials):
    assert Therapist(name=name).initials == initials


def test_filter_directory_any_within_a_group_all_across_groups(make_therapist):
    grief_online = make_therapist(areas=["grief"], formats=["online"])
    disputes_online = make_therapist(areas=["role-disputes"], formats=["online"])
    grief_in_person = make_therapist(areas=["grief"], formats=["in-person"])
    qs = Therapist.objects.all()
    assert set(qs.filter_directory(areas=["grief", "role-disputes"])) == {
        grief_online,
        disputes_online,
        grief_in_person,
    }
    assert set(qs.filter_directory(areas=["grief"], formats=["online"])) == {grief_online}


def test_filter_directory_returns_no_duplicates(make_therapist):
    both = make_therapist(areas=["grief", "role-disputes"], formats=["online", "in-person"])
    found = list(
        Therapist.objects.filter_directory(
            areas=["grief", "role-disputes"], formats=["online", "in-person"]
        )
    )
    assert found == [both]


def test_clean_requires_alt_text_with_a_photo():
    therapist = Therapist(name="A", slug="a", title="T", introduction="I", photo="therapists/a.jpg")
    with pytest.raises(ValidationError) as error:
        therapist.clean()
    assert "photo_alt" in error.value.message_dict


def test_clean_requires_a_description_for_other_ipt_training():
    therapist = Therapist(name="A", slug="a", title="T", introduction="I", ipt_level="other")
    with pytest.raises(ValidationError) as error:
        therapist.clean()
    assert "ipt_level_other" in error.value.message_dict
    therapist.ipt_level_other = "IPT foundation course"
    therapist.clean()
    assert therapist.ipt_training_display == "IPT foundation course"


def test_introduction_is_limited_to_300_characters():
    therapist = Therapist(name="A", slug="a", title="T", introduction="x" * 301)
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert "introduction" in error.value.message_dict
