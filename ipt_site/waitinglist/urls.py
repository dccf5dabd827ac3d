from django.urls import path

from . import views

app_name = "waitinglist"

# Included at the site's root, before the therapists app.
urlpatterns = [
    path("therapists/<slug:slug>/waiting-list/", views.JoinView.as_view(), name="join"),
    path("therapists/<slug:slug>/waiting-list/thanks/", views.thanks, name="thanks"),
    path("waiting-list/", views.JoinView.as_view(), name="join-practice"),
    path("waiting-list/thanks/", views.thanks, name="thanks-practice"),
    path(
        "waiting-list/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
