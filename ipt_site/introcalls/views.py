"""Booking a free introductory call, and the signed link to see, cancel or move one.

Every page here is rendered each time (never cached): the free times change with every
booking, and the forms hold a CSRF token. The profile page, which is cached, only links
here. Views stay thin: reads in selectors, writes in services.
"""

import logging

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from ipt_site.pages.structured_data import absolute_url

from . import ratelimit, selectors, services, slots, tokens
from .forms import BookingForm, MoveForm, SuggestTimesForm
from .models import Booking

logger = logging.getLogger(__name__)
# A signed link must not leave the site in a Referer header. Not "no-referrer": with it,
# browsers send "Origin: null" on the page's own forms, and Django's CSRF check refuses them.
REFERRER_POLICY = "same-origin"


def offering_therapist(slug):
    return get_object_or_404(selectors.therapists_offering_calls(), slug=slug)


def _page(request, therapist):
    return {
        "therapist": therapist,
        "canonical_url": absolute_url(request, request.path),
        "choose_url": reverse("introcalls:choose", args=[therapist.slug]),
        "book_url": reverse("introcalls:book", args=[therapist.slug]),
        "suggest_url": reverse("introcalls:suggest", args=[therapist.slug]),
        "profile_url": therapist.get_absolute_url(),
        "days_ahead": settings.INTRO_CALL_DAYS_AHEAD,
        "weeks_ahead": settings.INTRO_CALL_DAYS_AHEAD // 7,
        "retention_days": settings.INTRO_CALL_RETENTION_DAYS,
    }


@never_cache
def choose(request, slug):
    """/therapists/<slug>/intro-call/: the free times, as links to the booking form."""
    therapist = offering_therapist(slug)
    times = selectors.times(therapist)
    context = {**_page(request, therapist), "days": slots.by_day(times.free)}
    return render(request, "introcalls/choose.html", context)


class RateLimitedFormMixin:
    """Accepted forms per client address per window (the shared database counter); past
    the limit the form comes back with everything typed and a 429."""

    limited_message = (
        "You have sent this form several times in a short while, so we cannot take another "
        "just now. Everything you typed is still here. Please try again in an hour, or call "
        "us on {phone}."
    )

    def over_limit(self, form):
        if ratelimit.record(self.request) <= settings.INTRO_CALL_RATE_LIMIT:
            return None
        form.add_error(None, self.limited_message.format(phone=settings.PRACTICE_PHONE))
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(settings.INTRO_CALL_RATE_WINDOW)
        return response


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class BookView(RateLimitedFormMixin, FormView):
    """/therapists/<slug>/intro-call/book/?slot=<id>: who you are and how to call you."""

    template_name = "introcalls/book.html"
    form_class = BookingForm

    def dispatch(self, request, *args, slug, **kwargs):
        self.therapist = offering_therapist(slug)
        self.times = selectors.times(self.therapist)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not request.GET.get("slot"):
            return redirect("introcalls:choose", self.therapist.slug)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["times"] = self.times
        if self.request.method == "GET":
            kwargs["initial"] = {"slot": self.request.GET.get("slot", "")[:40]}
        return kwargs

    def form_valid(self, form):
        if form.honeypot_filled:
            logger.info("Free call form: one submission dropped as automated")
            return redirect("introcalls:choose", self.therapist.slug)
        limited = self.over_limit(form)
        if limited:
            return limited
        try:
            booking = services.book(
                self.therapist,
                form.cleaned_data["slot"],
                form.cleaned_data,
                base_url=self.request.build_absolute_uri("/"),
            )
        except services.SlotTaken:
            form.slot_taken()
            return self.form_invalid(form)
        return redirect(tokens.manage_path(booking, "visitor") + "?booked=1")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_page(self.request, self.therapist)}


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class SuggestView(RateLimitedFormMixin, FormView):
    """/therapists/<slug>/intro-call/suggest/: three times that suit the visitor."""

    template_name = "introcalls/suggest.html"
    form_class = SuggestTimesForm

    def dispatch(self, request, *args, slug, **kwargs):
        self.therapist = offering_therapist(slug)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if form.honeypot_filled:
            logger.info("Suggested times form: one submission dropped as automated")
            return redirect("introcalls:suggest-sent", self.therapist.slug)
        limited = self.over_limit(form)
        if limited:
            return limited
        services.suggest_times(
            self.therapist, form.cleaned_data, base_url=self.request.build_absolute_uri("/")
        )
        return redirect("introcalls:suggest-sent", self.therapist.slug)

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **_page(self.request, self.therapist)}
        context["none_free"] = not selectors.times(self.therapist).free
        return context


@never_cache
def suggest_sent(request, slug):
    therapist = offering_therapist(slug)
    return render(request, "introcalls/suggest_sent.html", _page(request, therapist))


def link_problem(request, problem):
    """A link that is forged (404), too old or replaced by a newer one (410)."""
    status = 404 if problem == "forged" else 410
    response = render(
        request,
        "introcalls/link_problem.html",
        {"problem": problem, "canonical_url": absolute_url(request, "/")},
        status=status,
    )
    response["Referrer-Policy"] = REFERRER_POLICY
    add_never_cache_headers(response)
    return response


class SignedLinkMixin:
    """The call a signed link names (self.booking) and whose link it is (self.role)."""

    def dispatch(self, request, *args, token, **kwargs):
        link = tokens.read(token)
        if link.problem:
            return link_problem(request, link.problem)
        self.token, self.booking, self.role = token, link.booking, link.role
        response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        add_never_cache_headers(response)
        return response

    @property
    def changeable(self) -> bool:
        return self.booking.is_live and self.booking.start > timezone.now()

    def page(self):
        booking = self.booking
        return {
            "booking": booking,
            "therapist": booking.therapist,
            "role": self.role,
            "when": f"{slots.day_label(booking.start)}, {slots.time_label(booking.start)} to "
            f"{slots.time_label(booking.end)}",
            "changeable": self.changeable,
            "past": booking.start <= timezone.now(),
            "manage_url": reverse("introcalls:manage", args=[self.token]),
            "move_url": reverse("introcalls:move", args=[self.token]),
            "profile_url": booking.therapist.get_absolute_url(),
            "canonical_url": absolute_url(self.request, "/"),
            "retention_days": settings.INTRO_CALL_RETENTION_DAYS,
        }


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ManageView(SignedLinkMixin, View):
    """/intro-call/<signed>/: the call, with buttons to move or cancel it."""

    def get(self, request):
        context = {
            **self.page(),
            "just_booked": "booked" in request.GET and self.booking.is_live,
            "just_moved": "moved" in request.GET and self.booking.is_live,
            "just_cancelled": "cancelled" in request.GET
            and self.booking.status == Booking.Status.CANCELLED,
        }
        return render(request, "introcalls/manage.html", context)

    def post(self, request):
        if request.POST.get("action") != "cancel" or not self.changeable:
            # A second press, an old page, a call already past: nothing to do.
            return redirect(request.path)
        services.cancel(self.booking, by=self.role, base_url=request.build_absolute_uri("/"))
        return redirect(f"{request.path}?cancelled=1")


@method_decorator(sensitive_post_parameters(), name="dispatch")
class MoveView(SignedLinkMixin, FormView):
    """/intro-call/<signed>/move/: the free times; ?slot=<id> asks to confirm one."""

    template_name = "introcalls/move.html"
    form_class = MoveForm

    def dispatch(self, request, *args, **kwargs):
        self.times = None
        return super().dispatch(request, *args, **kwargs)

    def get_times(self):
        if self.times is None:
            self.times = selectors.times(self.booking.therapist, ignore_booking=self.booking)
            own = self.booking.start
            self.times.free = [slot for slot in self.times.free if slot.start != own]
        return self.times

    def get(self, request, *args, **kwargs):
        if not self.changeable:
            return redirect("introcalls:manage", self.token)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.changeable:
            return redirect("introcalls:manage", self.token)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["times"] = self.get_times()
        if self.request.method == "GET":
            kwargs["initial"] = {"slot": self.request.GET.get("slot", "")[:40]}
        return kwargs

    def form_valid(self, form):
        try:
            booking = services.move(
                self.booking,
                form.cleaned_data["slot"],
                by=self.role,
                base_url=self.request.build_absolute_uri("/"),
            )
        except services.SlotTaken:
            form.slot_taken()
            return self.form_invalid(form)
        except services.NotChangeable:
            return redirect("introcalls:manage", self.token)
        return redirect(tokens.manage_path(booking, self.role) + "?moved=1")

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **self.page()}
        context["days"] = slots.by_day(self.get_times().free)
        context["asked"] = bool(self.request.GET.get("slot")) or self.request.method == "POST"
        return context
