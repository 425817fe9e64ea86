from django.urls import path

from hub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-in/code", views.mfa_verify, name="mfa_verify"),
    path("sign-in/set-up-authenticator", views.mfa_setup, name="mfa_setup"),
    path("sign-out", views.sign_out, name="sign_out"),
    path("confirm", views.confirm, name="confirm"),
    path("role-requests", views.role_requests, name="role_requests"),
    path("role-requests/new", views.role_request_new, name="role_request_new"),
    path("role-requests/<int:pk>", views.role_request_decide, name="role_request_decide"),
]
