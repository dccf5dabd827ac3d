from django.urls import path

from . import account, views

app_name = "introcalls"

# Included at the site's root, before the therapists app and /account/.
urlpatterns = [
    path("therapists/<slug:slug>/intro-call/", views.choose, name="choose"),
    path("therapists/<slug:slug>/intro-call/book/", views.BookView.as_view(), name="book"),
    path("therapists/<slug:slug>/intro-call/suggest/", views.SuggestView.as_view(), name="suggest"),
    path(
        "therapists/<slug:slug>/intro-call/suggest/sent/",
        views.suggest_sent,
        name="suggest-sent",
    ),
    path("intro-call/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("intro-call/<str:token>/move/", views.MoveView.as_view(), name="move"),
    path("account/intro-calls/", account.CallTimesView.as_view(), name="account"),
]
