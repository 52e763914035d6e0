"""Uploaded documents (MoU scans, founding agreements, meeting documents): checked by content,
stored outside static/ under random names, and served only through views that passed the access
policy. write, read, delete and send are the storage interface: every feature stores through
them, so a change of storage backend is made here once."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path
from typing import Any

from flask import current_app, send_file
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from mcm.core.pii import file_name_findings

# What a file's first bytes must be: the name and the browser's claimed type prove nothing.
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Scans are what a scanner or a phone makes; office documents are Word and Excel files.
SCAN_TYPES = frozenset({PDF, PNG, JPEG})
OFFICE_TYPES = frozenset({DOCX, XLSX})
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
# The part that only a Word document (or an Excel workbook) holds, in the ZIP container both use.
_OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


class UploadError(Exception):
    """The file cannot be accepted; the message says why, in the user's language."""


def storage_dir() -> Path:
    folder = Path(
        current_app.config["MCM_UPLOAD_DIR"] or Path(current_app.instance_path) / "documents"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(current_app.config["MCM_MAX_UPLOAD_MB"] * 1024 * 1024)


def detect_type(head: bytes) -> str | None:
    """The content type the file's first bytes prove, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def detect_office_type(content: bytes) -> str | None:
    """DOCX or XLSX when the content is an Office Open XML package of that kind without macros;
    only the ZIP's table of contents is read, nothing is unpacked."""
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    # A macro-enabled file (.docm, .xlsm) carries code that runs on the reader's computer.
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    found = {kind for part, kind in _OFFICE_PARTS.items() if part in names}
    return found.pop() if len(found) == 1 else None


def extension_for(content_type: str) -> str:
    """The file name ending that matches a content type we accept."""
    return EXTENSIONS.get(content_type, "")


def clean_name(filename: str) -> str:
    """The user's file name without any folder part, trimmed to what we store."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return name[:200] or "document"


def check_upload(upload: FileStorage, accepted: frozenset[str] = SCAN_TYPES) -> tuple[bytes, str]:
    """Read and check an upload against the accepted content types; returns (content, content
    type) or raises UploadError."""
    limit = max_bytes()
    content = upload.stream.read(limit + 1)
    if not content:
        raise UploadError(_("The file is empty."))
    if len(content) > limit:
        raise UploadError(
            _(
                "The file is larger than %(mb)d MB. Scan it at a lower resolution or split it.",
                mb=current_app.config["MCM_MAX_UPLOAD_MB"],
            )
        )
    content_type = detect_type(content[:16])
    if content_type is None and accepted & OFFICE_TYPES:
        content_type = detect_office_type(content)
    if content_type is None or content_type not in accepted:
        if accepted & OFFICE_TYPES:
            raise UploadError(
                _(
                    "Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are accepted. "
                    "Save the file in one of these formats and upload it again."
                )
            )
        raise UploadError(_("Only PDF, PNG and JPEG files are accepted."))
    check_name(upload.filename or "")
    return content, content_type


def check_name(filename: str) -> None:
    """A file's name is free text too: it must not carry anyone's personal data."""
    name = clean_name(filename)
    findings = file_name_findings(name)
    if findings:
        found = ", ".join(f"“{name[f.start : f.end]}”" for f in findings)
        raise UploadError(
            _(
                "The file name contains personal data (%(found)s): %(why)s Rename the file and "
                "upload it again.",
                found=found,
                why=str(findings[0].message),
            )
        )


def write(content: bytes) -> str:
    """Keep a file's content; returns the random name it is stored under."""
    stored_name = secrets.token_hex(16)
    path = storage_dir() / stored_name
    path.write_bytes(content)
    path.chmod(0o600)
    return stored_name


def read(stored_name: str) -> bytes:
    """A stored file's content; FileNotFoundError when it is gone."""
    return (storage_dir() / stored_name).read_bytes()


def delete(stored_name: str) -> None:
    """Remove a stored file for good (nothing happens if it is already gone)."""
    (storage_dir() / stored_name).unlink(missing_ok=True)


def send(document: Any, download_name: str | None = None) -> Any:
    """Send a stored document as a download under its original name (or the name given)."""
    path = storage_dir() / document.stored_name
    return send_file(
        path,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=download_name or document.original_name,
        max_age=0,
    )
