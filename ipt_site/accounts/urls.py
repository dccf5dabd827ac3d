from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("forgot/", views.ForgotPasswordView.as_view(), name="forgot"),
    path("forgot/sent/", views.ForgotPasswordSentView.as_view(), name="forgot-sent"),
    path("welcome/<uidb64>/<token>/", views.WelcomeView.as_view(), name="welcome"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("profile/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("profile/new-photo/", views.PendingPhotoView.as_view(), name="pending-photo"),
]
