from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("sign-in/", views.VerifyView.as_view(), name="verify"),
    path("recovery/", views.RecoveryView.as_view(), name="recovery"),
    path("set-up/", views.SetupView.as_view(), name="setup"),
    path("recovery-codes/", views.NewRecoveryCodesView.as_view(), name="new_codes"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed_out"),
]
