"""'Tell me when a place opens', and the signed link to leave the list.

Never cached: the forms hold a CSRF token. The profile page only links here.
"""

import logging

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from ipt_site.pages.structured_data import absolute_url
from ipt_site.security import ratelimit as counters
from ipt_site.therapists.models import Therapist
from ipt_site.web.clientip import client_address

from . import services, tokens
from .forms import WaitingListForm
from .models import WaitingRequest

logger = logging.getLogger(__name__)
RATE_WINDOW = 3600


def _over_limit(request) -> bool:
    digest = salted_hmac("ipt_site.waitinglist.ratelimit", client_address(request))
    count = counters.hit(f"waitinglist:{digest.hexdigest()[:32]}", RATE_WINDOW)
    return count > settings.WAITING_LIST_RATE_LIMIT


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class JoinView(FormView):
    """/therapists/<slug>/waiting-list/ (one therapist) and /waiting-list/ (any)."""

    template_name = "waitinglist/join.html"
    form_class = WaitingListForm

    def dispatch(self, request, *args, slug=None, **kwargs):
        self.therapist = (
            get_object_or_404(Therapist.objects.published(), slug=slug) if slug else None
        )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.therapist is not None and self.therapist.can_take_people:
            return redirect(request.path)  # nothing to wait for: the page says so
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "therapist": self.therapist}

    def form_valid(self, form):
        if form.honeypot_filled:
            logger.info("Waiting-list form: one submission dropped as automated")
            return redirect(self.thanks_url())
        if _over_limit(self.request):
            form.add_error(
                None,
                "You have sent this form several times in a short while, so we cannot take "
                "another just now. Please try again in an hour.",
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(RATE_WINDOW)
            return response
        services.join(
            self.therapist,
            form.cleaned_data["email"],
            base_url=self.request.build_absolute_uri("/"),
        )
        return redirect(self.thanks_url())

    def thanks_url(self):
        if self.therapist is None:
            return reverse("waitinglist:thanks-practice")
        return reverse("waitinglist:thanks", args=[self.therapist.slug])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            therapist=self.therapist,
            days=settings.WAITING_LIST_DAYS,
            canonical_url=absolute_url(self.request, self.request.path),
            directory_url=reverse("therapists:list"),
        )
        return context


@never_cache
def thanks(request, slug=None):
    therapist = get_object_or_404(Therapist.objects.published(), slug=slug) if slug else None
    context = {
        "therapist": therapist,
        "days": settings.WAITING_LIST_DAYS,
        "canonical_url": absolute_url(request, request.path),
        "directory_url": reverse("therapists:list"),
    }
    return render(request, "waitinglist/thanks.html", context)


class UnsubscribeView(View):
    """/waiting-list/unsubscribe/<signed>/: GET asks, POST takes the request off the list.
    A request already used, expired or withdrawn gets the same calm answer."""

    def dispatch(self, request, token):
        request_id = tokens.read(token)
        if request_id is None:
            response = render(
                request,
                "waitinglist/unsubscribe.html",
                {"forged": True, "canonical_url": absolute_url(request, "/")},
                status=404,
            )
        else:
            response = super().dispatch(request, request_id)
        # Never leaves the site in a Referer header; "no-referrer" would make browsers send
        # "Origin: null" with the page's form, which Django's CSRF check refuses.
        response["Referrer-Policy"] = "same-origin"
        add_never_cache_headers(response)
        return response

    def get(self, request, request_id):
        waiting = WaitingRequest.objects.select_related("therapist").filter(pk=request_id)
        context = {
            "waiting": waiting.first(),
            "done": "done" in request.GET,
            "canonical_url": absolute_url(request, "/"),
            "directory_url": reverse("therapists:list"),
        }
        return render(request, "waitinglist/unsubscribe.html", context)

    def post(self, request, request_id):
        services.unsubscribe(request_id)
        return redirect(f"{request.path}?done=1")
