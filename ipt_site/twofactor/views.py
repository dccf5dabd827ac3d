"""The two-step sign-in pages: set up an app, give a code (or a recovery code), manage.

Every page is no-store (a secret or codes may be on it) and noindex. They are for people
signed in with a password; anyone else is sent to a plain page that names no sign-in
address, so these pages never reveal where the admin lives.
"""

from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import user_has_device

from . import services
from .forms import CodeForm, RecoveryCodeForm
from .policy import default_next, must_verify


def safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default_next(request.user)


def to(name, request):
    """The named page, keeping ?next=."""
    query = request.GET.urlencode()
    return redirect(reverse(name) + (f"?{query}" if query else ""))


@method_decorator(never_cache, name="dispatch")
class SignedInView(View):
    """Base: people signed in with a password only."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("twofactor:signed_out")
        return self.signed_in(request, *args, **kwargs) or super().dispatch(
            request, *args, **kwargs
        )

    def signed_in(self, request, *args, **kwargs):
        """A redirect when this page is not for this user now, else None."""
        return None


class CodeStepView(SignedInView, FormView):
    """Step two of signing in: a code checked against one of the user's devices."""

    form_class = CodeForm

    def get_device(self, user):
        raise NotImplementedError

    def signed_in(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(safe_next(request))
        self.device = self.get_device(request.user)
        if self.device is None:
            return self.without_device(request)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request)}


class VerifyView(CodeStepView):
    template_name = "twofactor/verify.html"

    def get_device(self, user):
        return services.confirmed_app(user)

    def without_device(self, request):
        if services.recovery_device(request.user):
            return to("twofactor:recovery", request)  # the app was removed, codes remain
        return to("twofactor:setup", request)

    def form_valid(self, form):
        services.sign_in_with(self.request, self.device)
        return redirect(safe_next(self.request))

    def get_context_data(self, **kwargs):
        has_recovery = services.recovery_device(self.request.user) is not None
        return {**super().get_context_data(**kwargs), "has_recovery": has_recovery}


class RecoveryView(CodeStepView):
    """Step two with a recovery code, for someone without their phone."""

    template_name = "twofactor/recovery.html"
    form_class = RecoveryCodeForm

    def get_device(self, user):
        return services.recovery_device(user)

    def without_device(self, request):
        return to("twofactor:verify", request)

    def form_valid(self, form):
        services.sign_in_with(self.request, self.device)
        # To the page that says how many codes are left and how to set up a new phone:
        # someone using a recovery code has probably lost theirs.
        return redirect(reverse("twofactor:manage") + "?recovered=1")


class SetupView(SignedInView, FormView):
    """Set up an authenticator app: scan the QR code (or type the key), give a code."""

    template_name = "twofactor/setup.html"
    form_class = CodeForm

    def signed_in(self, request, *args, **kwargs):
        user = request.user
        if not user.is_verified() and user_has_device(user):
            # A password alone must never add a device to an account that has one.
            return to("twofactor:verify", request)
        self.device = services.pending_app(user)
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def form_valid(self, form):
        codes = services.finish_setup(self.request, self.device)
        return show_codes(self.request, codes, after_setup=True)

    def get_context_data(self, **kwargs):
        from .qr import qr_data_url  # qrcode and Pillow: loaded by the few who set up an app

        return {
            **super().get_context_data(**kwargs),
            "qr_code": qr_data_url(self.device.config_url),
            "secret": services.readable_secret(self.device),
            "replacing": self.request.user.is_verified(),
            "next": safe_next(self.request),
        }


def show_codes(request, codes, *, after_setup):
    context = {"codes": codes, "after_setup": after_setup, "next": safe_next(request)}
    return render(request, "twofactor/recovery_codes.html", context)


class ManageView(SignedInView, TemplateView):
    """What is set up, how many recovery codes are left, and ways to change them."""

    template_name = "twofactor/manage.html"

    def signed_in(self, request, *args, **kwargs):
        if must_verify(request.user):
            return to("twofactor:verify", request)  # which sends on to set-up if needed
        return None

    def get_context_data(self, **kwargs):
        user = self.request.user
        recovery = services.recovery_device(user)
        return {
            **super().get_context_data(**kwargs),
            "app": services.confirmed_app(user),
            "codes_left": recovery.token_set.count() if recovery else 0,
            "verified": user.is_verified(),
            "recovered": "recovered" in self.request.GET,
            "back": default_next(user),
        }


class NewRecoveryCodesView(SignedInView):
    http_method_names = ["post"]

    def post(self, request):
        if not request.user.is_verified():
            return redirect("twofactor:manage")
        return show_codes(request, services.new_recovery_codes(request.user), after_setup=False)


class SignOutView(SignedInView):
    http_method_names = ["post"]

    def post(self, request):
        logout(request)
        return redirect("twofactor:signed_out")


@method_decorator(never_cache, name="dispatch")
class SignedOutView(TemplateView):
    template_name = "twofactor/signed_out.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("twofactor:manage")
        return super().get(request, *args, **kwargs)
