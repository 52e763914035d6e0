"""The inbox: what waits for the user and the e-mails she was sent; her e-mail preferences."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mcm.core.outbox import Delivery
from mcm.extensions import db
from mcm.inbox import bp, delivery, queries
from mcm.inbox.entries import sections
from mcm.inbox.forms import preferences_form
from mcm.inbox.kinds import groups_for

RECENT_MAIL = 10
MAIL_PER_PAGE = 25


@bp.app_context_processor
def _navigation_counts() -> dict[str, Any]:
    """The number beside "Inbox" in the navigation, computed before the template renders."""
    if not current_user.is_authenticated:
        return {}
    return {"inbox_count": sum(queries.counts(current_user).values())}


@bp.route("")
def index() -> Any:
    """What needs me: the entries waiting for the user, then her latest e-mails."""
    scope = queries.current_scope(current_user)
    found = sections(current_user, scope)
    mail = list(db.session.scalars(queries.mail_of(current_user.id).limit(RECENT_MAIL)))
    unread = db.session.scalar(
        db.select(db.func.count()).select_from(queries.unread_of(current_user.id).subquery())
    )
    several = len(set(scope.managed) | set(scope.reviewing)) > 1
    return render_template(
        "inbox/index.html", sections=found, mail=mail, unread=unread or 0, several=several
    )


@bp.route("/mail")
def mail() -> Any:
    """Every e-mail the user was sent, read or unread, newest first."""
    page = db.paginate(
        queries.mail_of(current_user.id), per_page=MAIL_PER_PAGE, error_out=False, count=True
    )
    return render_template("inbox/mail.html", page=page)


@bp.route("/mail/<int:message_id>")
def message(message_id: int) -> Any:
    """One e-mail; opening it marks it as read."""
    found = queries.open_message(current_user.id, message_id)
    if found is None:
        abort(404)
    db.session.commit()
    return render_template("inbox/message.html", message=found)


@bp.route("/preferences", methods=["GET", "POST"])
def preferences() -> Any:
    """How each kind of e-mail reaches the user: at once, in a daily digest, or not at all."""
    groups = groups_for(current_user.role)
    form = preferences_form(groups, delivery.preferences_of(current_user))
    if request.method == "POST" and form.validate_on_submit():
        chosen = {g.key: Delivery(form[f"kind_{g.key}"].data) for g in groups}
        delivery.set_preferences(current_user, chosen)
        db.session.commit()
        flash(_("Your e-mail preferences have been saved."), "success")
        return redirect(url_for("inbox.preferences"))
    return render_template("inbox/preferences.html", form=form, groups=groups)
