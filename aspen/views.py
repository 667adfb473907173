"""Views of the whole site that no app owns."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Render the 403 page for a form rejected by the CSRF check.

    Unlike Django's default view, this one renders with the request, so a
    logged-in user keeps the navigation bar. Django logs the reason to the
    `django.security.csrf` logger.
    """
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
    }
    return render(request, "403_csrf.html", context, status=403)
