from django.urls import path

from . import finder, views

app_name = "therapists"

urlpatterns = [
    path("", views.therapist_list, name="list"),
    # Before the profiles: these slugs are reserved (models.RESERVED_SLUGS).
    path("find/", finder.find, name="find"),
    path("shortlist/", finder.shortlist_page, name="shortlist"),
    path("<slug:slug>/", views.therapist_detail, name="detail"),
]
