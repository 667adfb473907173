from django.contrib.auth import views as auth_views
from django.urls import path

from . import login, people, verifier_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path(
        "people/<int:pk>/verifier/",
        verifier_views.verifier_reassign,
        name="verifier_reassign",
    ),
    path("login/", login.EmailLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
