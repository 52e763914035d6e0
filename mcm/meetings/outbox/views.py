"""The coordinator's outbox: every e-mail of the mechanism, pending, sent or failed with the
reason, and a button that tries the unsent ones again now."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from mcm.core import audit, labels, outbox_service
from mcm.core.access import Rule, allow
from mcm.extensions import db
from mcm.meetings import bp
from mcm.meetings.outbox.forms import RetryForm

PAGE_SIZE = 50


@bp.route("/m/<mechanism_code>/meetings/outbox")
@allow(Rule.MECHANISM_MANAGE)
def outbox() -> Any:
    """The mechanism's e-mails, newest first, filtered by status."""
    status = request.args.get("status")
    page = db.paginate(
        outbox_service.messages(mechanism_id=g.mechanism.id, status=status),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template(
        "meetings/outbox/index.html",
        page=page,
        status=status,
        counts=outbox_service.counts(mechanism_id=g.mechanism.id),
        form=RetryForm(formdata=None),
    )


@bp.route("/m/<mechanism_code>/meetings/outbox/retry", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def outbox_retry() -> Any:
    """Try every unsent e-mail of the mechanism again now."""
    if RetryForm().validate_on_submit():
        retried = outbox_service.retry_now(mechanism_id=g.mechanism.id)
        if retried:
            audit.record("outbox_retried", mechanism_id=g.mechanism.id, messages=retried)
        db.session.commit()
        sent = outbox_service.deliver_pending(mechanism_id=g.mechanism.id)
        flash_outcome(retried, sent)
    return redirect(url_for("meetings.outbox"))


def flash_outcome(retried: int, sent: int) -> None:
    """Tell the user what a retry achieved."""
    if not retried:
        flash(_("Every e-mail has been sent; nothing to retry."), "info")
    elif sent == retried:
        flash(ngettext("%(num)d e-mail sent.", "%(num)d e-mails sent.", sent), "success")
    else:
        flash(
            _(
                "%(sent)d of %(total)d e-mails sent; the others failed again and will be retried "
                "automatically.",
                sent=sent,
                total=retried,
            ),
            "error",
        )


bp.add_app_template_global(labels.outbox_status_label, "outbox_status_label")
bp.add_app_template_global(labels.outbox_kind_label, "outbox_kind_label")
