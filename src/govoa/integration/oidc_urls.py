from django.urls import path

from govoa.integration import oidc

urlpatterns = [
    path("login/", oidc.LoginView.as_view(), name="oidc_login"),
    path("callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
]
