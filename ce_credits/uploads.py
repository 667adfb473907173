"""Uploaded documents: recognising the accepted formats and removing stored files.

Transcripts and proofs of attendance accept the same formats. The content
decides the format, never the name or the content type the browser sent.
"""

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileType:
    """An accepted format: its content type and the extension a stored copy gets."""

    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
PNG = FileType("image/png", ".png", "PNG")
JPEG = FileType("image/jpeg", ".jpg", "JPEG")

# The first bytes of each accepted format.
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
SIGNATURE_LENGTH = max(len(signature) for signature, _ in SIGNATURES)


def detect_file_type(upload):
    """Return the `FileType` that `upload` starts with, or None if none matches.

    The file is read from its start and rewound afterwards.
    """
    upload.seek(0)
    head = upload.read(SIGNATURE_LENGTH)
    upload.seek(0)

    for signature, file_type in SIGNATURES:
        if head.startswith(signature):
            return file_type
    return None


def delete_stored_files(files):
    """Delete the stored copies of `files` (FieldFile objects).

    Callers run it once the rows are gone, when an error can no longer undo
    anything, so a file that cannot be deleted is logged and skipped.
    """
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("Failed to delete the stored file %s", file.name)
