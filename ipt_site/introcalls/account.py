"""/account/intro-calls/: a therapist's weekly times for free calls, their days off, and
the calls booked with them.

The times go live at once, without the practice's approval (unlike the profile): they
are when the therapist is free, not a claim about them that the practice must check; they
change often (a holiday, a new clinic day), and a wait for approval would offer times the
therapist can no longer do. Whether a free call is offered at all, and its length, are
part of the profile and so are approved: no time is offered until they are.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import TemplateView

from ipt_site.accounts.views import TherapistRequiredMixin

from . import slots, tokens
from .forms import TimeOffForm, WindowForm
from .models import Booking, CallWindow, TimeOff

HERE = reverse_lazy("introcalls:account")


class CallTimesView(TherapistRequiredMixin, TemplateView):
    template_name = "introcalls/account.html"

    def post(self, request):
        action = request.POST.get("action", "")
        if action == "add-window":
            return self._add(WindowForm(request.POST, therapist=self.therapist), "window_form")
        if action == "add-time-off":
            form = TimeOffForm(request.POST, instance=TimeOff(therapist=self.therapist))
            return self._add(form, "time_off_form")
        if action in ("remove-window", "remove-time-off"):
            model = CallWindow if action == "remove-window" else TimeOff
            deleted, _ = model.objects.filter(
                therapist=self.therapist, pk=_number(request.POST.get("id"))
            ).delete()
            if deleted:
                messages.success(request, "Removed.")
        return redirect(HERE)

    def _add(self, form, name):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{name: form}), status=400)
        item = form.save(commit=False)
        item.therapist = self.therapist
        item.save()
        messages.success(self.request, f"Added: {item}.")
        return redirect(HERE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("window_form", WindowForm(therapist=self.therapist))
        context.setdefault("time_off_form", TimeOffForm())
        now = timezone.now()
        calls = Booking.objects.upcoming(now).filter(therapist=self.therapist)
        context.update(
            therapist=self.therapist,
            windows=CallWindow.objects.filter(therapist=self.therapist),
            time_off=TimeOff.objects.filter(
                therapist=self.therapist, last_day__gte=timezone.localdate()
            ),
            calls=[
                {
                    "when": f"{slots.day_label(call.start)}, {slots.time_label(call.start)}",
                    "booking": call,
                    "link": tokens.manage_path(call, "therapist"),
                }
                for call in calls
            ],
            errors=[
                form
                for form in (context["window_form"], context["time_off_form"])
                if form.is_bound and form.errors
            ],
        )
        return context


def _number(value):
    return int(value) if (value or "").isdigit() else None
