"""Profile pages link to a free call and to the waiting list (links, never forms: the
page is cached and holds no token), at no extra query."""

import pytest
from django.urls import reverse

from ipt_site.therapists.models import Availability
from tests.factories import create_therapist

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields, call, waiting",
    [
        ({"intro_call": True, "intro_call_minutes": 15}, "Book a free 15-minute call", None),
        ({"intro_call": False}, None, None),
        ({"availability": Availability.WAITING_LIST}, None, "Join the waiting list"),
        ({"availability": Availability.NOT_TAKING, "intro_call": True, "intro_call_minutes": 20},
         "Book a free 20-minute call", "Tell me when a place opens"),
    ],
)  # fmt: skip
def test_profile_links_where_they_apply(client, fields, call, waiting):
    therapist = create_therapist(**fields)
    response = client.get(therapist.get_absolute_url())
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    book = reverse("introcalls:choose", args=[therapist.slug])
    join = reverse("waitinglist:join", args=[therapist.slug])
    assert (book in html) == bool(call) and (join in html) == bool(waiting)
    if call:
        assert call in html
    if waiting:
        assert waiting in html
    # The profile is still served from the page cache.
    assert client.get(therapist.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("intro_call", [False, True])
def test_the_links_cost_no_query(client, django_assert_num_queries, settings, intro_call):
    # No re-read of the data version mid-test (the setting's name before and after main's
    # one index of content).
    settings.VERSION_RECHECK_SECONDS = 3600
    therapist = create_therapist(
        intro_call=intro_call, availability=Availability.WAITING_LIST, areas=["grief"]
    )
    client.get("/therapists/")
    with django_assert_num_queries(7):  # the therapist and its six relations, as before
        assert client.get(therapist.get_absolute_url()).status_code == 200
