"""A page too long to save gets the editor's own message, with the text kept.

Django refuses a form body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) with a bare 400 the
moment anything reads `request.POST` (the CSRF check does, before any view). For the
editor's three save forms, signed-in staff only, a body up to LONG_POST_FACTOR times the
limit is read here instead, so the view can refuse the save in words and show the text
again; `request.editor_too_long` holds its size. Anything longer is not read at all: the
editor opens again with a message (the browser's Back button still has the text).
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict

SAVE_VIEWS = frozenset(
    {
        "admin:editor_contentpage_change",
        "admin:editor_contentpage_raw",
        "admin:editor_contentpage_add",
    }
)
LONG_POST_FACTOR = 4


def too_long_message(size: int) -> str:
    return (
        f"This page is too long to save: it is {filesizeformat(size)}, and a page can be "
        f"at most {filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}. Nothing was saved. "
        "Shorten it, or split it into two pages."
    )


class LongPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        match = request.resolver_match
        if request.method != "POST" or limit is None or match is None:
            return None
        if match.view_name not in SAVE_VIEWS:
            return None
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        user = getattr(request, "user", None)
        if size <= limit or not (user and user.is_active and user.is_staff):
            return None
        if request.content_type != "application/x-www-form-urlencoded":
            return None
        if size > limit * LONG_POST_FACTOR:
            messages.error(
                request,
                f"{too_long_message(size)} Your browser's Back button may still have your text.",
            )
            return HttpResponseRedirect(request.get_full_path())
        # request.read() is not limited as request.body is; CSRF and the view then read
        # the form from request.POST as usual.
        request._post = QueryDict(request.read(size), encoding=request.encoding)
        request._files = MultiValueDict()
        request.editor_too_long = size
        return None
