"""The CE coordinator's correction and withdrawal of an issued certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import certificates
from ..access import get_certificate_to_change
from ..certificate_forms import CertificateCorrectForm, CertificateWithdrawForm
from ..models import Certificate


def _redirect_unless_in_force(request, certificate, verb):
    """Return a redirect to the certificate page unless it is in force."""
    if certificate.status == Certificate.Status.ISSUED:
        return None
    messages.error(
        request,
        f"Certificate {certificate.number} is "
        f"{certificate.get_status_display().lower()}, and only a certificate in "
        f"force can be {verb}.",
    )
    return redirect("certifications:certificate", number=certificate.number)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_correct(request, number):
    certificate = get_certificate_to_change(request.user, number)
    if response := _redirect_unless_in_force(request, certificate, "corrected"):
        return response

    initial = {"holder_name": certificate.holder_name}
    form = CertificateCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            successor = certificates.certificate_correct(
                certificate=certificate, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("certifications:certificate", number=number)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Certificate {successor.number} replaces {certificate.number}. "
                f"{successor.holder_name} gets an email about the correction.",
            )
            return redirect("certifications:certificate", number=successor.number)

    context = {"certificate": certificate, "form": form}
    return render(request, "certifications/certificate_correct.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_withdraw(request, number):
    certificate = get_certificate_to_change(request.user, number)
    if response := _redirect_unless_in_force(request, certificate, "withdrawn"):
        return response

    form = CertificateWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_withdraw(
                certificate=certificate, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("certifications:certificate", number=number)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Certificate {certificate.number} was withdrawn. "
                f"{certificate.holder_name} gets an email with the reason.",
            )
            return redirect("certifications:certificate", number=number)

    context = {"certificate": certificate, "form": form}
    return render(request, "certifications/certificate_withdraw.html", context)
