"""Public certificate verification, for employers and anyone else, no login.

The pages show the holder's name, the track, the dates and the status, and
nothing else of the record: no email, no credits, no reason for a withdrawal.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from ..certificate_forms import VerifyLookupForm, normalize_number
from ..models import Certificate

# Both pages share one count per client IP address.
RATE_GROUP = "certifications.verify"
RATE_KEY = "ip"
UNKNOWN_NUMBER = (
    "No certificate has this number. Check it against the printed certificate "
    "and try again."
)


def _verify_rate(group, request):
    # Read on each request, so that tests can lower the setting.
    return settings.VERIFY_RATE_LIMIT


def _too_many_requests(request):
    usage = get_usage(request, group=RATE_GROUP, key=RATE_KEY, rate=_verify_rate)
    # Without a usable count (no usage, or time_left -1 after a cache failure)
    # Retry-After falls back to one minute.
    time_left = usage["time_left"] if usage else -1
    retry_after = time_left if time_left > 0 else 60

    response = render(
        request,
        "certifications/verify_too_many.html",
        {"retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(view):
    """Wrap `view` to return 429 Too Many Requests once a client IP address
    exceeds settings.VERIFY_RATE_LIMIT.
    """

    @ratelimit(group=RATE_GROUP, key=RATE_KEY, rate=_verify_rate, block=False)
    @wraps(view)
    def limited_view(request, *args, **kwargs):
        if request.limited:
            return _too_many_requests(request)
        return view(request, *args, **kwargs)

    return limited_view


def _render_lookup(request, form, *, status=200):
    return render(
        request, "certifications/verify_lookup.html", {"form": form}, status=status
    )


def _render_unknown(request, number):
    form = VerifyLookupForm({"number": number})
    form.is_valid()
    form.add_error("number", UNKNOWN_NUMBER)
    return _render_lookup(request, form, status=404)


@login_not_required
@require_safe
@rate_limited
def verify_lookup(request):
    """Take a certificate number and go to its verification page."""
    if "number" not in request.GET:
        return _render_lookup(request, VerifyLookupForm())

    form = VerifyLookupForm(request.GET)
    if not form.is_valid():
        return _render_lookup(request, form)

    number = form.cleaned_data["number"]
    if not Certificate.objects.filter(number=number).exists():
        return _render_unknown(request, number)
    return redirect("certifications:verify_certificate", number=number)


@login_not_required
@require_safe
@rate_limited
def verify_certificate(request, number):
    normalized = normalize_number(number)
    if normalized != number:
        return redirect("certifications:verify_certificate", number=normalized)

    certificate = (
        Certificate.objects.select_related("superseded_by")
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return _render_unknown(request, number)

    context = {"certificate": certificate, "checked_on": timezone.localdate()}
    return render(request, "certifications/verify_certificate.html", context)
