from django.urls import path

from . import views

app_name = "selfcheck"

urlpatterns = [
    path("", views.index, name="index"),
    path("mood/", views.mood, name="mood"),
    path("problem-areas/", views.areas, name="areas"),
    path("my-relationships/", views.relationships, name="relationships"),
]
