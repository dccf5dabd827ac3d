from django.urls import path, re_path

from .views import PageView

app_name = "pages"

urlpatterns = [
    path("", PageView.as_view(), name="home"),
    # Only lower-case slugs, each followed by '/': '..', dots, encoded characters and
    # capitals never match, so they get the 404 page before any lookup.
    re_path(r"^(?P<url>(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+)$", PageView.as_view(), name="page"),
]
