"""Views that opt in to the response cache but must be refused by its response checks."""

from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control

from ipt_site.pagecache import cacheable

BODY = "<!doctype html><title>t</title>" + "<p>Plain words for a page. </p>" * 40


@cacheable(depends=())
def plain(request):
    return HttpResponse(BODY)


@cacheable(depends=())
def sets_cookie(request):
    response = HttpResponse(BODY)
    response.set_cookie("seen", "1")
    return response


@cacheable(depends=())
def with_token(request):
    get_token(request)  # what {% csrf_token %} does
    return HttpResponse(BODY)


@cacheable(depends=())
def with_token_in_body(request):
    # A token that reached the page without get_token() (say, from a cached fragment).
    return HttpResponse(BODY + '<input type="hidden" name="csrfmiddlewaretoken" value="x">')


@cacheable(depends=())
def with_nonce(request):
    return HttpResponse(BODY + f'<script nonce="{request.csp_nonce}"></script>')


@cacheable(depends=())
def missing(request):
    return HttpResponseNotFound(BODY)


@cacheable(depends=())
@cache_control(private=True)
def private(request):
    return HttpResponse(BODY)


def not_opted_in(request):
    return HttpResponse(BODY)


urlpatterns = [
    path("plain/", plain),
    path("sets-cookie/", sets_cookie),
    path("with-token/", with_token),
    path("with-token-in-body/", with_token_in_body),
    path("with-nonce/", with_nonce),
    path("missing/", missing),
    path("private/", private),
    path("not-opted-in/", not_opted_in),
]
