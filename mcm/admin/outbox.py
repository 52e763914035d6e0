"""The administrators' outbox: every e-mail of the installation, and a retry button."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for

from mcm.admin import bp
from mcm.core import audit, outbox_service
from mcm.extensions import db
from mcm.meetings.outbox.forms import RetryForm
from mcm.meetings.outbox.views import PAGE_SIZE, flash_outcome


@bp.route("/outbox")
def outbox() -> Any:
    """All e-mails, newest first, filtered by status."""
    status = request.args.get("status")
    page = db.paginate(outbox_service.messages(status=status), per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        counts=outbox_service.counts(),
        form=RetryForm(formdata=None),
    )


@bp.route("/outbox/retry", methods=["POST"])
def outbox_retry() -> Any:
    """Try every unsent e-mail again now."""
    if RetryForm().validate_on_submit():
        retried = outbox_service.retry_now()
        if retried:
            audit.record("outbox_retried", messages=retried)
        db.session.commit()
        flash_outcome(retried, outbox_service.deliver_pending())
    return redirect(url_for("admin.outbox"))
