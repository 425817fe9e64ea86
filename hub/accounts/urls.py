from django.urls import path

from hub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-in/code", views.mfa_verify, name="mfa_verify"),
    path("sign-in/set-up-authenticator", views.mfa_setup, name="mfa_setup"),
    path("sign-out", views.sign_out, name="sign_out"),
]
