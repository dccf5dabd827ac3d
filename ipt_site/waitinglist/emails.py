"""Waiting-list emails: a therapist's name and links, nothing else."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from ipt_site.web.mail import absolute_url, send_templated

from . import tokens
from .models import WaitingRequest


def _links(request: WaitingRequest, therapist=None) -> dict:
    base = request.site_address

    def link(path):
        return absolute_url(path, base)

    links = {
        "unsubscribe_link": link(tokens.unsubscribe_path(request.pk)),
        "directory_link": link(reverse("therapists:list")),
    }
    if therapist is not None:
        links["profile_link"] = link(therapist.get_absolute_url())
        query = urlencode({"therapist": therapist.slug})
        links["enquiry_link"] = link(f"{reverse('contact:form')}?{query}")
        if therapist.intro_call:
            links["call_link"] = link(reverse("introcalls:choose", args=[therapist.slug]))
    return links


def confirmation(request_id: int) -> str:
    request = WaitingRequest.objects.select_related("therapist").filter(pk=request_id).first()
    if request is None:
        return "The request is gone (withdrawn or used): nothing to send."
    send_templated(
        "waitinglist/email/confirmation.txt",
        to=[request.email],
        context={
            "therapist": request.therapist,
            "days": settings.WAITING_LIST_DAYS,
            "expires_on": request.expires_on,
            **_links(request, request.therapist),
        },
        reply_to=[settings.PRACTICE_EMAIL],
    )
    return "Sent."


def place_opened(request: WaitingRequest, therapist) -> None:
    send_templated(
        "waitinglist/email/place_opened.txt",
        to=[request.email],
        context={
            "therapist": therapist,
            "status": therapist.get_availability_display(),
            "for_practice": request.therapist_id is None,
            **_links(request, therapist),
        },
        reply_to=[settings.PRACTICE_EMAIL],
    )
