"""Proofs of attendance: adding them to a credit, reading and removing them.

Proof files live outside any public media URL, so `proof_download` and, for a
verifier without an account, `links.link_proof_download` are the only ways to
read one.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from .. import proofs
from ..access import visible_credits
from ..forms import ProofUploadForm
from ..models import Credit, ProofFile

logger = logging.getLogger(__name__)

PANEL = "certifications:panel"


def _credits_with_changeable_proofs(user):
    """Return the credits whose proofs `user` may change, if their state allows.

    The services check the state of the credit under a row lock.
    """
    if user.is_coordinator:
        return Credit.objects.all()
    return Credit.objects.filter(person=user)


def _get_credit_for_proofs(user, pk):
    """Return a credit whose proofs `user` may change, or raise Http404."""
    return get_object_or_404(_credits_with_changeable_proofs(user), pk=pk)


def _get_proof_to_read(user, pk):
    """Return a proof of a credit that `user` may read, or raise Http404."""
    return get_object_or_404(
        ProofFile.objects.filter(credit__in=visible_credits(user)), pk=pk
    )


def _get_proof_to_change(user, pk):
    """Return a proof that `user` may remove, or raise Http404."""
    return get_object_or_404(
        ProofFile.objects.filter(
            credit__in=_credits_with_changeable_proofs(user)
        ).select_related("credit"),
        pk=pk,
    )


def _error_text(error):
    return " ".join(error.messages)


@login_required
@require_POST
def proof_add(request, pk):
    credit = _get_credit_for_proofs(request.user, pk)

    form = ProofUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            f"No proof was added to “{credit.title}”. "
            + " ".join(form.errors["proofs"]),
        )
        return redirect(PANEL)

    uploads = form.cleaned_data["proofs"]
    try:
        added = proofs.proofs_add(credit=credit, actor=request.user, uploads=uploads)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(PANEL)

    names = ", ".join(f"“{proof.original_name}”" for proof in added)
    messages.success(request, f"Added {names} to “{credit.title}”.")
    return redirect(PANEL)


@login_required
@require_safe
@cache_control(private=True, no_store=True)
def proof_download(request, pk):
    """Send a proof to the credit's owner, their verifiers or a coordinator."""
    proof = _get_proof_to_read(request.user, pk)
    return proof_file_response(proof)


def proof_file_response(proof):
    """Return the response that sends the file of `proof`, or raise Http404
    when the file is missing from storage.

    Images and PDFs open in the browser. The stored content type is the one
    detected on upload, and `nosniff` keeps the browser to it. The caller's
    view sets the cache headers.
    """
    try:
        file = proof.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "Proof file %s of credit %s is missing from storage",
            proof.pk,
            proof.credit_id,
        )
        raise Http404("The proof file is missing.") from None

    response = FileResponse(
        file, content_type=proof.content_type, filename=proof.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def proof_delete(request, pk):
    proof = _get_proof_to_change(request.user, pk)

    try:
        proofs.proof_delete(proof=proof, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            f"Removed “{proof.original_name}” from “{proof.credit.title}”.",
        )
    return redirect(PANEL)
