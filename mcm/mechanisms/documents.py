"""A mechanism's uploaded documents: checked and kept by the core machinery, recorded here."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import has_request_context
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from mcm.core import documents
from mcm.extensions import db
from mcm.mechanisms.models import Document


def store(upload: FileStorage, mechanism_id: int, kind: Any) -> Document:
    """Check and keep an uploaded file for a mechanism; returns the Document."""
    content, content_type = documents.check_upload(upload)
    stored_name = documents.write(content)
    document = Document(
        mechanism_id=mechanism_id,
        kind=kind,
        original_name=documents.clean_name(upload.filename or ""),
        stored_name=stored_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=(
            current_user.id if has_request_context() and current_user.is_authenticated else None
        ),
    )
    db.session.add(document)
    db.session.flush()
    return document
