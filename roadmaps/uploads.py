"""What a roadmap attachment may be: PDF, DOCX or XLSX up to 20 MB, known by its content.

The name a person gives a file says nothing about what it is: a PDF starts with ``%PDF-``,
and DOCX and XLSX are ZIP packages holding ``[Content_Types].xml`` and their main part. The
package is read through its table of contents only, never extracted.
"""

import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _

from roadmaps.enums import AttachmentKind

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# A package with more parts or more unpacked bytes than this is not an office document we
# take: reading it would be the first step of a zip bomb.
MAX_PACKAGE_ENTRIES = 10_000
MAX_PACKAGE_UNPACKED_BYTES = 512 * 1024 * 1024

CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAIN_PARTS = {
    "word/document.xml": AttachmentKind.DOCX,
    "xl/workbook.xml": AttachmentKind.XLSX,
}

NOT_ALLOWED = _(
    "The selected file must be a PDF, a Word document (DOCX) or an Excel workbook (XLSX)."
)
EMPTY = _(
    "The selected file is empty. Choose a PDF, a Word document (DOCX) or an Excel workbook (XLSX)."
)
TOO_LARGE = _("The selected file must be smaller than 20 MB.")
MACROS = _("The selected file holds macros. Save it as a plain DOCX or XLSX and try again.")


class AttachmentRefused(ValueError):
    """The file is not one we keep; the message says why, for the person who chose it."""


def attachment_kind(upload):
    """The ``AttachmentKind`` of an uploaded file, read from its content, or
    ``AttachmentRefused`` with the reason. Leaves the file at its start."""
    if upload.size == 0:
        raise AttachmentRefused(EMPTY)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(TOO_LARGE)
    upload.seek(0)
    try:
        if upload.read(5) == b"%PDF-":
            return AttachmentKind.PDF
        return _package_kind(upload)
    finally:
        upload.seek(0)


def _package_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise AttachmentRefused(NOT_ALLOWED) from None
    if (
        len(entries) > MAX_PACKAGE_ENTRIES
        or sum(entry.file_size for entry in entries) > MAX_PACKAGE_UNPACKED_BYTES
    ):
        raise AttachmentRefused(NOT_ALLOWED)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise AttachmentRefused(NOT_ALLOWED)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise AttachmentRefused(MACROS)
    for part, kind in MAIN_PARTS.items():
        if part in names:
            return kind
    raise AttachmentRefused(NOT_ALLOWED)


UNSAFE_IN_NAMES = re.compile(r"[^\w .()\-]+")


def display_name(name):
    """The uploader's file name without any folders or control characters, for showing."""
    name = PurePosixPath(str(name).replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[:255] or "attachment"


def download_name(attachment):
    """A file name safe in a Content-Disposition header, ending in the type the content is."""
    stem = PurePosixPath(display_name(attachment.original_name)).stem
    stem = UNSAFE_IN_NAMES.sub("_", stem).strip(" ._") or "attachment"
    return f"{stem[:100]}.{attachment.kind}"


class UploadSizeLimitHandler(FileUploadHandler):
    """Drops an uploaded file as soon as it passes ``MAX_ATTACHMENT_BYTES`` (nothing of it
    is kept) and marks the request, so the form can say the file was too large rather than
    that none was chosen. Listed first in ``FILE_UPLOAD_HANDLERS``."""

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if content_length is not None and content_length > MAX_ATTACHMENT_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_ATTACHMENT_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise SkipFile()


def upload_was_too_large(request):
    return getattr(request, "upload_too_large", False)
