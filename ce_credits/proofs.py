"""Writes that attach proofs of attendance to credits and remove them.

The owner may change the proofs of a credit for as long as they may change the
credit itself, that is while it is pending and no submitted track counts it.
The CE coordinator may change the proofs of any credit. Each change is an EDIT
transition of the credit.

A file is stored before its row is saved, and a rollback cannot take it back,
so the functions here delete the files they stored when their transaction
fails. NOTE: a caller's own enclosing transaction that rolls back after they
return leaves the stored files behind.
"""

import secrets
import unicodedata
from contextlib import contextmanager
from functools import partial
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import (
    MAX_PROOF_BYTES,
    MAX_PROOFS_PER_CREDIT,
    Credit,
    CreditTransition,
    ProofFile,
)
from .uploads import delete_stored_files, detect_file_type

# Length of the longest name `ProofFile.original_name` stores.
MAX_NAME_LENGTH = ProofFile._meta.get_field("original_name").max_length


def check_proof_upload(upload):
    """Return the `FileType` of an upload, or raise ValidationError.

    A proof is a PDF, PNG or JPEG of at most `MAX_PROOF_BYTES`, as its first
    bytes show.
    """
    name = upload.name
    if not upload.size:
        raise ValidationError(
            "“%(name)s” is empty. Choose a file that contains the proof.",
            code="empty",
            params={"name": name},
        )
    if upload.size > MAX_PROOF_BYTES:
        raise ValidationError(
            "“%(name)s” is larger than %(limit)s MB. Scan it at a lower "
            "resolution or save it as a smaller PDF.",
            code="too_large",
            params={"name": name, "limit": MAX_PROOF_BYTES // 2**20},
        )

    file_type = detect_file_type(upload)
    if file_type is None:
        raise ValidationError(
            "“%(name)s” is not a PDF, PNG or JPEG file. Upload the proof in "
            "one of those formats.",
            code="file_type",
            params={"name": name},
        )
    return file_type


def check_proof_uploads(uploads):
    """Check every upload, raising one ValidationError with all the messages."""
    errors = []
    for upload in uploads:
        try:
            check_proof_upload(upload)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)


def display_name(upload, file_type):
    """Return the upload's name for display, without folders or control characters."""
    name = PurePath(upload.name.replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = name.strip() or f"proof{file_type.extension}"
    # Cutting the start keeps the extension, which shows the format.
    return name[-MAX_NAME_LENGTH:]


@contextmanager
def _atomic_with_file_cleanup():
    """Run a block in a transaction, deleting the files it stored if it fails.

    The block appends each FieldFile it stores to the yielded list.
    """
    stored = []
    try:
        with transaction.atomic():
            yield stored
    except Exception:
        delete_stored_files(stored)
        raise


def _lock_for_proofs(credit, actor):
    """Lock the credit's row and check that `actor` may change its proofs."""
    if actor.is_coordinator:
        return Credit.objects.select_for_update().get(pk=credit.pk)
    return services._lock_own_pending(credit, actor)


def check_proof_count(count):
    """Reject `count` proofs for a new credit when they exceed MAX_PROOFS_PER_CREDIT."""
    if count > MAX_PROOFS_PER_CREDIT:
        raise ValidationError(
            "You chose %(count)s files, but a credit keeps at most %(limit)s "
            "proof files. Choose the ones that show your attendance best.",
            code="too_many_for_credit",
            params={"count": count, "limit": MAX_PROOFS_PER_CREDIT},
        )


def _check_room_for_proofs(credit, count):
    """Reject `count` more proofs on a locked credit that has no room for them."""
    stored = credit.proofs.count()
    room = MAX_PROOFS_PER_CREDIT - stored
    if count <= room:
        return
    if room <= 0:
        message = (
            "“%(title)s” already has %(stored)s proof files, the most one credit "
            "keeps. Remove a file before you add another."
        )
    else:
        message = (
            "“%(title)s” has %(stored)s proof files and keeps at most %(limit)s, "
            "so you can add %(room)s more, not %(count)s. Choose fewer files or "
            "remove some first."
        )
    raise ValidationError(
        message,
        code="too_many_for_credit",
        params={
            "title": credit.title,
            "stored": stored,
            "limit": MAX_PROOFS_PER_CREDIT,
            "room": room,
            "count": count,
        },
    )


def proof_add(*, credit, actor, upload):
    """Attach one uploaded file to `credit` as a proof of attendance.

    The stored copy gets a random name with the extension of its detected
    format, and the row keeps the upload's name for display.
    """
    file_type = check_proof_upload(upload)

    with _atomic_with_file_cleanup() as stored:
        credit = _lock_for_proofs(credit, actor)
        _check_room_for_proofs(credit, 1)
        proof = ProofFile(
            credit=credit,
            original_name=display_name(upload, file_type),
            content_type=file_type.content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        proof.file.save(secrets.token_hex(16) + file_type.extension, upload, save=False)
        stored.append(proof.file)
        proof.save()

        services._record(
            credit,
            actor=actor,
            action=CreditTransition.Action.EDIT,
            from_status=credit.status,
            note=f"Proof added: {proof.original_name}",
        )
    return proof


def proofs_add(*, credit, actor, uploads):
    """Attach several uploaded files to `credit`: all of them or none."""
    check_proof_uploads(uploads)

    with _atomic_with_file_cleanup() as stored:
        # Check all uploads at once, so that the message gives both counts.
        _check_room_for_proofs(_lock_for_proofs(credit, actor), len(uploads))
        proofs = []
        for upload in uploads:
            proof = proof_add(credit=credit, actor=actor, upload=upload)
            stored.append(proof.file)
            proofs.append(proof)
    return proofs


def credit_add_with_proofs(*, person, uploads, **fields):
    """Record an independent learning event of `person` with its proof files.

    The credit and its proofs are saved together or not at all. A rejected
    file raises a ValidationError for the "proofs" field.
    """
    try:
        check_proof_count(len(uploads))
        check_proof_uploads(uploads)
    except ValidationError as error:
        raise ValidationError({"proofs": error.error_list}) from None

    with _atomic_with_file_cleanup() as stored:
        credit = services.credit_add_independent(person=person, **fields)
        for upload in uploads:
            proof = proof_add(credit=credit, actor=person, upload=upload)
            stored.append(proof.file)
    return credit


@transaction.atomic
def proof_delete(*, proof, actor):
    """Remove a proof from its credit, and its stored file once that commits."""
    credit = _lock_for_proofs(proof.credit, actor)
    proof = ProofFile.objects.filter(pk=proof.pk, credit=credit).first()
    if proof is None:
        raise ValidationError("This proof was already removed.", code="gone")

    proof.delete()
    services._record(
        credit,
        actor=actor,
        action=CreditTransition.Action.EDIT,
        from_status=credit.status,
        note=f"Proof removed: {proof.original_name}",
    )
    transaction.on_commit(partial(delete_stored_files, [proof.file]))
