from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from .policy import must_verify


class RequireTwoFactorMiddleware:
    """Someone who signed in with a password but still owes a code reaches only the
    two-step sign-in pages: every other request is sent there (set-up when they have no
    app yet). So a password alone never opens the admin or an account.

    Goes after AuthenticationMiddleware, django_otp's OTPMiddleware and the session
    limits (a session ended there is anonymous here).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.path.startswith(self.prefix)
            and must_verify(request.user)
        ):
            return self.redirect(request)
        return self.get_response(request)

    @property
    def prefix(self):
        if self._prefix is None:
            self._prefix = reverse("twofactor:manage")
        return self._prefix

    @staticmethod
    def redirect(request):
        name = "twofactor:verify" if user_has_device(request.user) else "twofactor:setup"
        url = reverse(name)
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
