from django.contrib.auth import views as auth_views
from django.urls import path

from gonghui.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.code_login_view, name="code_login"),
    path("register/", views.register_view, name="register"),
    # POST only (Django's LogoutView refuses GET), as base.html posts to it.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/set/", views.password_set_view, name="password_set"),
    path("password/change/", views.password_change_view, name="password_change"),
    path("positions/", views.positions_view, name="positions"),
    path("positions/grant/", views.position_grant_view, name="position_grant"),
    path("positions/<int:pk>/revoke/", views.position_revoke_view, name="position_revoke"),
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("tokens/revoke-all/", views.token_revoke_all_view, name="token_revoke_all"),
]
