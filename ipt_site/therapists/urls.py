from django.urls import path

from . import views

app_name = "therapists"

urlpatterns = [
    path("", views.therapist_list, name="list"),
    path("<slug:slug>/", views.therapist_detail, name="detail"),
]
