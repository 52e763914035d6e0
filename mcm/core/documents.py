"""Uploaded documents (MoU scans, founding agreements): checked by content, stored outside
static/ under random names, and served only through views that passed the access policy."""

from __future__ import annotations

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


def clean_name(filename: str) -> str:
    """The user's file name without any folder part, trimmed to what we store."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return name[:200] or "document"


def check_upload(upload: FileStorage) -> tuple[bytes, str]:
    """Read and check an upload; returns (content, content type) or raises UploadError."""
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
    if content_type is None:
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


def send(document: Any) -> Any:
    """Send a stored document as a download under its original name."""
    path = storage_dir() / document.stored_name
    return send_file(
        path,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.original_name,
        max_age=0,
    )
