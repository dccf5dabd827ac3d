"""Availability changes at once; unconfirmed availability is dated and sorted last."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ipt_site.accounts.models import ProfileChange
from ipt_site.therapists.models import Availability, Therapist

from .conftest import make_therapist

pytestmark = pytest.mark.django_db


def test_switching_availability_is_immediate_and_confirms_today(
    signed_in, therapist, therapist_user
):
    Therapist.objects.filter(pk=therapist.pk).update(
        accepting_confirmed_on=timezone.localdate() - timedelta(days=90)
    )
    page = signed_in.get("/account/").content.decode()
    assert "Please confirm this now." in page
    response = signed_in.post("/account/", {"availability": "4"}, follow=True)
    assert "Your profile now says “Not taking anyone just now”" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.availability == Availability.NOT_TAKING
    assert therapist.accepting_confirmed_on == timezone.localdate()
    assert therapist.availability_confirmed_by == therapist_user
    assert not ProfileChange.objects.exists()  # no approval needed
    public = Client().get(therapist.get_absolute_url()).content.decode()
    assert "Not taking anyone just now" in public
    assert f"Confirmed {timezone.localdate():%-d %B %Y}" in public
    assert "Please confirm this now." not in signed_in.get("/account/").content.decode()


def test_every_status_can_be_chosen(signed_in, therapist):
    page = signed_in.get("/account/").content.decode()
    for status in Availability:
        assert status.label in page
        signed_in.post("/account/", {"availability": str(status.value)})
        therapist.refresh_from_db()
        assert therapist.availability == status


def test_confirming_without_a_change_still_records_the_date(signed_in, therapist):
    Therapist.objects.filter(pk=therapist.pk).update(accepting_confirmed_on=None)
    signed_in.post("/account/", {"availability": str(therapist.availability)})
    therapist.refresh_from_db()
    assert therapist.availability == Availability.WITHIN_2_MONTHS
    assert therapist.accepting_confirmed_on == timezone.localdate()


@pytest.mark.parametrize("answer", ["maybe", "9", ""])
def test_a_missing_or_unknown_answer_is_explained(signed_in, therapist, answer):
    response = signed_in.post("/account/", {"availability": answer})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.availability == Availability.WITHIN_2_MONTHS


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def test_stale_profiles_show_the_date_and_sort_after_confirmed_ones(client):
    make_therapist(
        slug="a-stale", name="Aaron Stale", display_order=1, accepting_confirmed_on=days_ago(61)
    )
    make_therapist(slug="b-never", name="Bea Never", display_order=1, accepting_confirmed_on=None)
    make_therapist(
        slug="c-fresh", name="Cy Fresh", display_order=5, accepting_confirmed_on=days_ago(60)
    )
    make_therapist(
        slug="d-fresh", name="Di Fresh", display_order=9, accepting_confirmed_on=days_ago(0)
    )
    response = client.get("/therapists/")
    names = [t.name for t in response.context["therapists"]]
    assert names == ["Cy Fresh", "Di Fresh", "Aaron Stale", "Bea Never"]
    page = response.content.decode()
    stale_date = days_ago(61).strftime("%-d %B %Y")
    assert f"Last confirmed {stale_date}" in page
    assert "Not confirmed lately" in page
    assert page.count("availability-stale") == 2

    profile = client.get("/therapists/a-stale/").content.decode()
    assert f"Last confirmed {stale_date}" in profile
    fresh = client.get("/therapists/c-fresh/").content.decode()
    assert f"Confirmed {days_ago(60):%-d %B %Y}" in fresh and "Last confirmed" not in fresh


@pytest.mark.parametrize(("fresh", "stale"), [(0, 30), (30, 0), (7, 10), (12, 12)])
def test_pages_run_across_the_two_parts_in_order(client, fresh, stale):
    for number in range(fresh):
        make_therapist(slug=f"f{number:02d}", name=f"Fresh {number:02d}", display_order=number)
    for number in range(stale):
        make_therapist(
            slug=f"s{number:02d}",
            name=f"Stale {number:02d}",
            display_order=number,
            accepting_confirmed_on=days_ago(100),
        )
    expected = [f"Fresh {n:02d}" for n in range(fresh)] + [f"Stale {n:02d}" for n in range(stale)]
    seen = []
    page = 1
    while True:
        response = client.get(f"/therapists/?page={page}")
        seen += [t.name for t in response.context["therapists"]]
        assert response.context["count"] == fresh + stale
        if not response.context["page_obj"].has_next():
            break
        page += 1
    assert seen == expected


def test_query_count_stays_constant_when_a_page_spans_both_parts(
    client, django_assert_num_queries, settings
):
    settings.VERSION_RECHECK_SECONDS = 3600  # no version re-read mid-test
    for number in range(40):
        make_therapist(
            slug=f"t{number:02d}",
            name=f"T {number:02d}",
            accepting_confirmed_on=days_ago(0 if number < 18 else 100),
        )
    # The versions' row, 5 vocabularies and the help lines (once per data version), the
    # count, a page from each part, their formats.
    with django_assert_num_queries(11):
        client.get("/therapists/?page=2")  # rows 13-24: fresh 13-18, stale 19-24
    with django_assert_num_queries(3):
        client.get("/therapists/")


def test_area_pages_put_confirmed_availability_first(db):
    from ipt_site.therapists.models import ProblemArea
    from ipt_site.therapists.selectors import therapists_for_area

    grief = ProblemArea.objects.get(slug="grief")
    for slug, confirmed, order in (("old", days_ago(100), 1), ("new", days_ago(1), 2)):
        make_therapist(
            slug=slug, name=slug, accepting_confirmed_on=confirmed, display_order=order
        ).problem_areas.add(grief)
    assert [t.slug for t in therapists_for_area("grief")] == ["new", "old"]
