"""Logging in by email, with failed attempts throttled per address and email."""

import logging
import math

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

LOGIN_IP_GROUP = "accounts.login.ip"
LOGIN_EMAIL_GROUP = "accounts.login.email"


class EmailLoginForm(AuthenticationForm):
    """The login form, with the email address as the user name.

    With `retry_after` (seconds) set, the form is invalid without checking the
    password, so that a throttled client learns nothing from its guesses.
    """

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's message warns that both fields may be case-sensitive, but
        # the email is matched without case.
        "invalid_login": "The email address or the password is wrong. Check "
        "them, or reset your password with the link below.",
    }

    def __init__(self, request=None, *args, retry_after=0, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.retry_after = retry_after

    def clean(self):
        if self.retry_after:
            minutes = math.ceil(self.retry_after / 60)
            raise ValidationError(
                "Too many failed attempts to log in with this email address, or "
                "from your network. Try again in %(minutes)s minute%(plural)s. If "
                "you have forgotten your password, reset it with the link below "
                "and log in with the new one once the wait is over.",
                code="throttled",
                params={"minutes": minutes, "plural": "" if minutes == 1 else "s"},
            )
        return super().clean()


def _login_rate(group, request):
    # Read on each request, so that tests can lower the settings. A library's
    # staff often share one public IP address, so that count is higher.
    if group == LOGIN_IP_GROUP:
        return settings.LOGIN_IP_RATE_LIMIT
    return settings.LOGIN_RATE_LIMIT


def _submitted_email(group, request):
    return request.POST.get("username", "").strip().lower()


# NOTE: the per-email count lets anyone hold off a person's logins for up to
# one rate period by failing with their email. Password reset stays open.
LOGIN_LIMITS = [(LOGIN_IP_GROUP, "ip"), (LOGIN_EMAIL_GROUP, _submitted_email)]


def _login_usages(request, *, increment):
    for group, key in LOGIN_LIMITS:
        usage = get_usage(
            request,
            group=group,
            key=key,
            rate=_login_rate,
            method="POST",
            increment=increment,
        )
        if usage is not None:
            yield group, usage


def login_retry_after(request):
    """Return the seconds until the client may try to log in again, or 0.

    A client is throttled once its IP address or the email it entered has
    reached settings.LOGIN_RATE_LIMIT failed attempts in the current period.
    """
    waits = [
        # After a cache failure time_left is -1, so wait one minute.
        usage["time_left"] if usage["time_left"] > 0 else 60
        for _, usage in _login_usages(request, increment=False)
        if usage["count"] >= usage["limit"]
    ]
    return max(waits, default=0)


def login_failed(request):
    """Count a failed login attempt against the IP address and the email."""
    for group, usage in _login_usages(request, increment=True):
        if usage["count"] == usage["limit"]:
            logger.warning(
                "Login throttled (%s) for %d s after %d failed attempts from %s",
                group,
                usage["time_left"],
                usage["count"],
                request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"),
            )


class EmailLoginView(LoginView):
    """Log in by email, with failed attempts throttled (429 Too Many Requests)."""

    form_class = EmailLoginForm
    retry_after = 0

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "retry_after": self.retry_after}

    def post(self, request, *args, **kwargs):
        self.retry_after = login_retry_after(request)
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)

        if not self.retry_after:
            login_failed(request)
        return self.form_invalid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if self.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(self.retry_after)
        return response
