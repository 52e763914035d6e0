"""Ad hoc meeting requests: a member institution asks, the coordinator accepts (scheduling the
meeting) or declines; the requester follows her requests."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from mcm.core.access import Rule, allow, get_or_404
from mcm.core.confirm import irreversible
from mcm.core.db import loaded, parse_id
from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.mechanisms.policy import can_manage_mechanism, membership_in
from mcm.meetings import bp
from mcm.meetings.adhoc import services as service
from mcm.meetings.adhoc.forms import AdHocRequestForm, DeclineForm
from mcm.meetings.models import AdHocRequest, MeetingKind, Urgency
from mcm.meetings.planning import dates
from mcm.meetings.planning import services as planning
from mcm.meetings.planning.forms import MeetingForm
from mcm.meetings.planning.views import form_error, schedule_of
from mcm.meetings.policy import can_request_ad_hoc, can_view_ad_hoc_request

REQUESTS = "/m/<mechanism_code>/meetings/requests"


def _own_institution_id() -> int | None:
    """The institution a member representative speaks for; None for a coordinator."""
    if can_manage_mechanism(current_user, g.mechanism):
        return None
    membership = membership_in(current_user, g.mechanism.id)
    return membership.institution_id if membership is not None else None


@bp.route(REQUESTS)
def requests() -> Any:
    """The coordinator sees every request, pending first; a member those of her institution."""
    manages = can_manage_mechanism(current_user, g.mechanism)
    own = _own_institution_id()
    if not manages and own is None:
        abort(403)
    return render_template(
        "meetings/adhoc/index.html",
        requests=service.requests_of(g.mechanism, None if manages else own),
        can_manage=manages,
        can_request=can_request_ad_hoc(current_user, g.mechanism),
    )


def _institution_choices(form: AdHocRequestForm) -> None:
    institutions = db.session.scalars(
        select(Institution)
        .where(Institution.mechanism_id == g.mechanism.id, Institution.left_on.is_(None))
        .order_by(Institution.name)
    )
    form.institution.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i.id), i.name) for i in institutions
    ]


@bp.route(REQUESTS + "/new", methods=["GET", "POST"])
def request_new() -> Any:
    """Ask for an ad hoc meeting: why, how urgently, and up to three possible dates."""
    if not can_request_ad_hoc(current_user, g.mechanism):
        abort(403)
    own = _own_institution_id()
    form = AdHocRequestForm()
    _institution_choices(form)
    if own is not None:
        form.institution.validate_choice = False  # a member asks for her own institution
    if form.validate_on_submit():
        institution_id = own if own is not None else parse_id(form.institution.data)
        institution = db.session.get(Institution, institution_id) if institution_id else None
        if institution is None or institution.mechanism_id != g.mechanism.id:
            form.institution.errors = [_("Choose the institution that asks for the meeting.")]
        else:
            dates = [d for d in (form.date1.data, form.date2.data, form.date3.data) if d]
            try:
                ad_hoc = service.request_meeting(
                    institution, form.reason.data, Urgency(form.urgency.data), dates
                )
            except service.RequestError as error:
                form.date1.errors = [*form.date1.errors, str(error)]
            else:
                db.session.commit()
                flash(_("Your request has been sent to the coordinator."), "success")
                return redirect(url_for("meetings.request_detail", request_id=ad_hoc.id))
    own_institution = db.session.get(Institution, own) if own else None
    return render_template("meetings/adhoc/new.html", form=form, own=own_institution)


def _request(request_id: int) -> AdHocRequest:
    ad_hoc: AdHocRequest = loaded(get_or_404(AdHocRequest, request_id), "institution")
    if not can_view_ad_hoc_request(current_user, ad_hoc):
        abort(403)
    return ad_hoc


@bp.route(REQUESTS + "/<int:request_id>")
def request_detail(request_id: int) -> Any:
    """A request, where it stands, and the meeting it led to."""
    ad_hoc = _request(request_id)
    return render_template(
        "meetings/adhoc/detail.html",
        ad_hoc=ad_hoc,
        proposed=service.proposed_days(ad_hoc),
        can_manage=can_manage_mechanism(current_user, g.mechanism),
    )


def _prefill(form: MeetingForm, ad_hoc: AdHocRequest) -> None:
    upcoming = [d for d in service.proposed_days(ad_hoc) if d >= dates.today()]
    form.kind.data = MeetingKind.AD_HOC.value
    form.day.data = upcoming[0] if upcoming else dates.today()
    form.starts.data = planning.DEFAULT_START
    form.place.data, form.online_link.data = planning.last_place(g.mechanism)
    form.documents_language.data = planning.usual_language(g.mechanism)
    form.notes.data = ad_hoc.reason


@bp.route(REQUESTS + "/<int:request_id>/accept", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def request_accept(request_id: int) -> Any:
    """Accept the request: schedule the meeting, prefilled from the request; the requester is
    told by e-mail."""
    ad_hoc: AdHocRequest = loaded(get_or_404(AdHocRequest, request_id), "institution")
    form = MeetingForm()
    if request.method == "GET":
        _prefill(form, ad_hoc)
    if form.validate_on_submit():
        try:
            meeting = service.accept_request(
                ad_hoc,
                g.mechanism,
                schedule_of(form),
                kind=MeetingKind(form.kind.data),
                language=form.documents_language.data,
                notes=form.notes.data or "",
                cases=bool(form.cases.data),
            )
        except service.RequestError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("meetings.request_detail", request_id=ad_hoc.id))
        except planning.PlanningError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            flash(_("The meeting has been scheduled and the requester informed."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("meetings/adhoc/accept.html", form=form, ad_hoc=ad_hoc)


@bp.route(REQUESTS + "/<int:request_id>/decline", methods=["GET", "POST"])
@irreversible(_l("Decline the request: the institution that asked is told by e-mail."))
@allow(Rule.MECHANISM_MANAGE)
def request_decline(request_id: int) -> Any:
    """Decline the request with a reason; the requester is told by e-mail."""
    ad_hoc: AdHocRequest = loaded(get_or_404(AdHocRequest, request_id), "institution")
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            service.decline_request(ad_hoc, form.reason.data)
        except service.RequestError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The request has been declined and the requester informed."), "success")
        return redirect(url_for("meetings.request_detail", request_id=ad_hoc.id))
    return render_template("meetings/adhoc/decline.html", form=form, ad_hoc=ad_hoc)
