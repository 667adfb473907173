"""File contents and builders for the tests of proofs of attendance."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from ce_credits.models import ProofFile

# The first bytes of each accepted format, enough for the content check.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00"
TEXT = b"Certificate of attendance: Pat Reader, 2 hours.\n"


def upload(content=PDF, name="certificate.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_proof(credit, content=PDF, name="certificate.pdf"):
    """Store a PDF proof on `credit` without the services, whatever its state."""
    proof = ProofFile(
        credit=credit,
        original_name=name,
        content_type=ProofFile.ContentType.PDF,
        size=len(content),
        uploaded_by=credit.person,
    )
    proof.file.save(name, ContentFile(content))
    return proof


def is_stored(file):
    return file.storage.exists(file.name)
