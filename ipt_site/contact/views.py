import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from ipt_site.therapists.models import Therapist

from . import ratelimit
from .forms import EnquiryForm
from .replytime import closure_ahead, reply_by, reply_time
from .services import submit_enquiry

logger = logging.getLogger(__name__)


def _page_context():
    due = reply_by()
    return {
        "reply_time": reply_time(),
        "reply_by": due,
        "closure": closure_ahead(due),
        "acknowledge": settings.ENQUIRY_ACKNOWLEDGE,
        "retention_days": settings.ENQUIRY_RETENTION_DAYS,
    }


@method_decorator(never_cache, name="dispatch")
# Error reports (e.g. a 500 emailed to ADMINS) must not carry what the person wrote.
@method_decorator(sensitive_post_parameters(), name="dispatch")
class EnquiryView(FormView):
    """/contact/: the enquiry form. Writes happen in services.submit_enquiry."""

    template_name = "contact/form.html"
    form_class = EnquiryForm
    success_url = reverse_lazy("contact:thanks")

    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("therapist", "")
        if slug and Therapist.objects.published().filter(slug=slug).exists():
            initial["therapist"] = slug
        return initial

    def post(self, request, *args, **kwargs):
        if ratelimit.is_limited(request):
            return rate_limited(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.honeypot_filled:
            return self._dropped(form, "honeypot")
        return super().form_invalid(form)

    def form_valid(self, form):
        # Counted and checked in one step: two submissions racing past is_limited() above
        # cannot both get through the last free place.
        if ratelimit.record(self.request) > settings.ENQUIRY_RATE_LIMIT:
            return rate_limited(self.request)
        if form.bot_reason:
            return self._dropped(form, form.bot_reason)
        submit_enquiry(form.cleaned_data, base_url=self.request.build_absolute_uri("/"))
        return redirect(self.get_success_url())

    def _dropped(self, form, reason):
        # Looks like success to the sender; nothing is stored and nothing is sent.
        logger.info("Enquiry form: one submission dropped as automated (%s)", reason)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_page_context())
        return context


@method_decorator(never_cache, name="dispatch")
class ThanksView(TemplateView):
    template_name = "contact/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_page_context())
        return context


def rate_limited(request):
    """429: too many enquiries from this address. Shows them what they wrote, so nothing
    is lost, and the other ways to reach the practice."""
    context = {
        **_page_context(),
        "message": request.POST.get("message", "")[:5000],
        "window_minutes": max(1, settings.ENQUIRY_RATE_WINDOW // 60),
    }
    response = render(request, "contact/rate_limited.html", context, status=429)
    response["Retry-After"] = str(settings.ENQUIRY_RATE_WINDOW)
    add_never_cache_headers(response)
    return response
