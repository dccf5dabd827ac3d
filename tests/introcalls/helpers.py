from django.urls import reverse

from ipt_site.introcalls import selectors


def free_slots(therapist):
    return selectors.times(therapist).free


def book_url(therapist):
    return reverse("introcalls:book", args=[therapist.slug])


def post_booking(client, therapist, slot_id, **fields):
    from .conftest import VISITOR

    return client.post(book_url(therapist), {**VISITOR, "slot": slot_id, **fields})
