"""/account/: therapists sign in, keep their profile up to date and say if they are free.

Every page here is about the signed-in therapist's own profile, found through their
account: no address names a profile, so none can reach another. Pages are never cached.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from ipt_site.pages.structured_data import absolute_url
from ipt_site.security import ratelimit as counters
from ipt_site.therapists.models import Availability
from ipt_site.therapists.services import set_availability
from ipt_site.web.clientip import client_address

from .forms import (
    AvailabilityForm,
    ForgotPasswordForm,
    PasswordChangeForm,
    ProfileForm,
    SetPasswordForm,
    SignInForm,
)
from .models import ProfileChange
from .services import password_links, profile_changes
from .tokens import invitation_tokens, link_days

SIGN_IN = reverse_lazy("accounts:sign-in")
HOME = reverse_lazy("accounts:home")
# Password links asked for from one address per hour: enough for a typo or two, too few
# to flood someone's inbox (the counter is in the database, shared by every worker).
FORGOT_LIMIT = 5
FORGOT_WINDOW_SECONDS = 3600


def therapist_account(user):
    """The user's therapist account, or None for anyone else (staff included)."""
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    return getattr(user, "therapist_account", None)


class PageMixin:
    """What every /account/ page's template needs."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = absolute_url(self.request, self.request.path)
        return context


@method_decorator(never_cache, name="dispatch")
class TherapistRequiredMixin(AccessMixin, PageMixin):
    """Signed-in therapists only: others go to the sign-in page, staff are refused."""

    login_url = SIGN_IN

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        account = therapist_account(request.user)
        if account is None:
            # Staff (and anyone else signed in) have no profile here; the admin is theirs.
            return render(request, "accounts/not_a_therapist.html", status=403)
        self.account = account
        self.therapist = account.therapist
        return super().dispatch(request, *args, **kwargs)

    def pending_change(self):
        return self.therapist.profile_changes.pending().first()


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class SignInView(PageMixin, auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm

    def get(self, request, *args, **kwargs):
        if therapist_account(request.user):
            return redirect(HOME)
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return str(HOME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host; the header wants ours.
        context["site_name"] = settings.SITE_NAME
        return context


class SignOutView(auth_views.LogoutView):
    def get_success_url(self):
        messages.success(self.request, "You have signed out. Thank you.")
        return str(SIGN_IN)


class WelcomeView(PageMixin, auth_views.PasswordResetConfirmView):
    """The link in an invitation: choose a password (Django's validators), then you are
    signed in. Django's view moves the token from the address into the session first,
    so it never leaks in a Referer header."""

    template_name = "accounts/welcome.html"
    form_class = SetPasswordForm
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = HOME

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or therapist_account(user) is None:
            return None  # only therapists' links: never a way to set a staff password
        return user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = getattr(self, "user", None)
        account = therapist_account(user) if user is not None else None
        # The same link serves an invitation and a forgotten password: say which.
        context["first_time"] = account is None or account.password_set_at is None
        return context

    def form_valid(self, form):
        first_time = form.user.therapist_account.password_set_at is None
        response = super().form_valid(form)
        password_links.password_chosen(form.user)
        messages.success(
            self.request,
            "Your password is saved. Welcome to your account."
            if first_time
            else "Your new password is saved, and you are signed in.",
        )
        return response


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class ForgotPasswordView(PageMixin, FormView):
    """Ask for a link to choose a new password. The answer is the same whether or not
    the address has an account, so the page cannot be used to find out who does."""

    template_name = "accounts/forgot.html"
    form_class = ForgotPasswordForm
    success_url = reverse_lazy("accounts:forgot-sent")

    def form_valid(self, form):
        digest = salted_hmac("ipt_site.accounts.forgot", client_address(self.request))
        key = f"account-forgot:{digest.hexdigest()[:32]}"
        if counters.hit(key, FORGOT_WINDOW_SECONDS) > FORGOT_LIMIT:
            context = self.get_context_data(form=form, limited=True)
            return self.render_to_response(context, status=429)
        # The same work whether or not the address has an account: one lookup, one task
        # queued. The mail server is the worker's business, never this page's.
        password_links.request_link(
            form.cleaned_data["email"], self.request.build_absolute_uri("/")
        )
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class ForgotPasswordSentView(PageMixin, TemplateView):
    template_name = "accounts/forgot_sent.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": link_days()}


class PasswordChangeView(TherapistRequiredMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = HOME

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your new password is saved.")
        return response


class HomeView(TherapistRequiredMixin, FormView):
    """The therapist's page: their profile's state, and availability in one click."""

    template_name = "accounts/home.html"
    form_class = AvailabilityForm

    def get_initial(self):
        return {"availability": self.therapist.availability}

    def form_valid(self, form):
        status = Availability(form.cleaned_data["availability"])
        set_availability(self.therapist, status, confirmed_by=self.request.user)
        messages.success(
            self.request,
            f"Thank you. Your profile now says “{status.label}”, confirmed today.",
        )
        return redirect(HOME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = self.therapist.profile_changes.select_related("decided_by").first()
        context.update(
            therapist=self.therapist,
            pending=latest if latest and latest.is_pending else None,
            sent_back=latest
            if latest and latest.status == ProfileChange.Status.SENT_BACK
            else None,
            last_approved=self.therapist.profile_changes.approved().order_by("-decided_at").first(),
            confirm_days=settings.AVAILABILITY_CONFIRM_DAYS,
        )
        return context


class ProfileEditView(TherapistRequiredMixin, FormView):
    template_name = "accounts/profile_form.html"
    form_class = ProfileForm

    def get_initial(self):
        initial = profile_changes.starting_point(self.therapist)
        initial.pop("photo", None)  # the upload box starts empty; the photo is shown above
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        pending = self.pending_change()
        new_photo = bool(pending and pending.has_new_photo)
        removing = bool(pending and pending.remove_photo)
        kwargs.update(
            approved=profile_changes.snapshot(self.therapist),
            has_photo=new_photo or (bool(self.therapist.photo) and not removing),
            new_photo_waiting=new_photo,
        )
        return kwargs

    def form_valid(self, form):
        profile_changes.submit_change(
            self.therapist,
            by=self.request.user,
            data=form.cleaned_data,
            base_url=self.request.build_absolute_uri("/"),
        )
        messages.success(
            self.request,
            "Thank you. Your changes are waiting for approval. Your public profile stays "
            "as it is until we have checked them.",
        )
        return redirect(HOME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.pending_change()
        context.update(therapist=self.therapist, pending=pending)
        return context


class WithdrawView(TherapistRequiredMixin, View):
    """Take back a pending change: the public profile was never touched by it."""

    http_method_names = ["post"]

    def post(self, request):
        deleted, _ = self.therapist.profile_changes.pending().delete()
        if deleted:
            messages.success(request, "Your changes are withdrawn. Nothing on your profile moved.")
        return redirect(HOME)


class PendingPhotoView(TherapistRequiredMixin, View):
    """The new photo in the therapist's own pending change (never public)."""

    def get(self, request):
        change = self.pending_change()
        if change is None or not change.has_new_photo:
            raise Http404("No new photo is waiting.")
        return photo_response(change)


def photo_response(change):
    response = HttpResponse(bytes(change.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
