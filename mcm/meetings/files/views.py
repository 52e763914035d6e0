"""The meeting's documents: adding one to the meeting or an agenda item, downloading and removing
it, the meeting pack (download and sending), and the signed scan of the approved minutes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from mcm.core import audit, documents
from mcm.core.access import Rule, allow, get_or_404
from mcm.extensions import db
from mcm.mechanisms.policy import can_manage_mechanism
from mcm.meetings import bp
from mcm.meetings.agenda.services import has_cases
from mcm.meetings.files import exports, queries, sending
from mcm.meetings.files import services as service
from mcm.meetings.files.forms import MeetingDocumentForm, SignedMinutesForm
from mcm.meetings.messages import agenda_of
from mcm.meetings.minutes.views import readable
from mcm.meetings.models import Meeting, MeetingDocument, MeetingStatus, Minutes, MinutesStatus
from mcm.meetings.panels import meeting_panel
from mcm.meetings.planning.forms import ConfirmForm
from mcm.meetings.policy import can_see_signed_minutes

BASE = "/m/<mechanism_code>/meetings/<int:meeting_id>"


# Brand names of the formats, the same in every language.
KINDS = {
    documents.PDF: "PDF",
    documents.DOCX: "Word",
    documents.XLSX: "Excel",
    documents.PNG: "PNG",
    documents.JPEG: "JPEG",
}


@bp.app_template_global()
def file_kind(content_type: str) -> str:
    """The format of a document as people name it (PDF, Word, Excel…)."""
    return KINDS.get(content_type, "")


def _back(meeting: Meeting) -> str:
    return url_for("meetings.detail", meeting_id=meeting.id) + "#files-heading"


def download_name(document: MeetingDocument) -> str:
    """The uploaded name, ending as its content proves (a PDF renamed .doc downloads as .pdf)."""
    ending = documents.extension_for(document.content_type)
    name = document.original_name
    if ending and not name.lower().endswith((ending, ".jpeg" if ending == ".jpg" else ending)):
        name = name.rsplit(".", 1)[0] + ending
    return name


@bp.route(BASE + "/files/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def meeting_file_new(meeting_id: int) -> Any:
    """Add a document to the meeting or to one of its agenda items."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    groups = queries.visible_groups(meeting, current_user)
    form = MeetingDocumentForm()
    form.item.choices = [SelectChoice("", _("The meeting as a whole"))] + [
        SelectChoice(str(group.item.id), f"{group.number}. {group.item.title}")
        for group in groups
        if group.item is not None
    ]
    if request.method == "GET":
        form.item.data = request.args.get("item", "")
    if form.validate_on_submit():
        items = {str(group.item.id): group.item for group in groups if group.item is not None}
        try:
            service.add_document(
                meeting, form.file.data, form.title.data, items.get(form.item.data or "")
            )
        except (documents.UploadError, service.FilesError) as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The document has been added."), "success")
            return redirect(_back(meeting))
    return render_template("meetings/files/new.html", meeting=meeting, form=form)


@bp.route(BASE + "/files/<int:document_id>")
def meeting_file(meeting_id: int, document_id: int) -> Any:
    """Download one of the meeting's documents, if this user may see its agenda item's."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    document = queries.visible_document(meeting, document_id, current_user)
    audit.record(
        "meeting_document_downloaded",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        document=document.id,
    )
    db.session.commit()
    try:
        return documents.send(document, download_name(document))
    except FileNotFoundError:
        abort(404)


@bp.route(BASE + "/files/<int:document_id>/remove", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def meeting_file_remove(meeting_id: int, document_id: int) -> Any:
    """Take a document off the meeting (its file is erased)."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    document = queries.visible_document(meeting, document_id, current_user)
    if ConfirmForm().validate_on_submit():
        service.remove_document(document)
        db.session.commit()
        flash(_("The document has been removed."), "success")
    return redirect(_back(meeting))


@bp.route(BASE + "/pack.zip")
def meeting_pack(meeting_id: int) -> Any:
    """The meeting pack: the agenda, then the documents in agenda order, that this user may see."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    found = exports.entries(meeting, queries.visible_groups(meeting, current_user))
    audit.record(
        "meeting_pack_downloaded",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        documents=[entry.document.id for entry in found if entry.document is not None],
    )
    db.session.commit()
    return send_file(
        exports.pack_zip(found),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"pack-{meeting.mechanism.code}-{meeting.starts_at.date().isoformat()}.zip",
        max_age=0,
    )


@bp.route(BASE + "/pack/send", methods=["POST"])
@allow(Rule.MECHANISM_MANAGE)
def meeting_pack_send(meeting_id: int) -> Any:
    """E-mail the pack to every current representative of the member institutions."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(_back(meeting))
    try:
        count = sending.send_pack(meeting)
    except service.FilesError as error:
        flash(str(error), "error")
        return redirect(_back(meeting))
    db.session.commit()
    flash(
        ngettext(
            "The meeting pack is on its way to %(num)d address.",
            "The meeting pack is on its way to %(num)d addresses.",
            count,
        ),
        "success",
    )
    return redirect(_back(meeting))


def _minutes(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(db.select(Minutes).where(Minutes.meeting_id == meeting.id))


def _signed_visible(meeting: Meeting) -> bool:
    return can_see_signed_minutes(current_user, meeting, has_cases(agenda_of(meeting)))


@bp.route(BASE + "/minutes/signed")
def signed_minutes(meeting_id: int) -> Any:
    """Download the signed scan of the approved minutes."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    scan = queries.signed_minutes_of(meeting)
    if scan is None or not readable(_minutes(meeting)) or not _signed_visible(meeting):
        abort(404)
    audit.record(
        "signed_minutes_downloaded",
        obj=meeting,
        mechanism_id=meeting.mechanism_id,
        document=scan.id,
    )
    db.session.commit()
    try:
        day = meeting.starts_at.date().isoformat()
        return documents.send(
            scan, f"signed-minutes-{day}{documents.extension_for(scan.content_type)}"
        )
    except FileNotFoundError:
        abort(404)


@bp.route(BASE + "/minutes/signed/new", methods=["GET", "POST"])
@allow(Rule.MECHANISM_MANAGE)
def signed_minutes_new(meeting_id: int) -> Any:
    """Add (or replace) the signed scan of the approved minutes."""
    meeting: Meeting = get_or_404(Meeting, meeting_id)
    minutes = _minutes(meeting)
    form = SignedMinutesForm()
    if form.validate_on_submit():
        try:
            service.add_signed_minutes(meeting, minutes, form.file.data)
        except (documents.UploadError, service.FilesError) as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The signed scan of the minutes has been added."), "success")
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id) + "#signed")
    return render_template(
        "meetings/files/signed_new.html",
        meeting=meeting,
        form=form,
        approved=minutes is not None and minutes.status is MinutesStatus.APPROVED,
        previous=queries.signed_minutes_of(meeting),
    )


@dataclass
class SignedPanel:
    """What the minutes page shows of the signed scan to this user."""

    scan: MeetingDocument | None
    may_add: bool


@bp.app_template_global()
def signed_minutes_panel(meeting: Meeting, minutes: Minutes | None) -> SignedPanel:
    """The signed scan on the minutes page: shown to whoever may see it, added by coordinators
    once the minutes are approved."""
    approved = minutes is not None and minutes.status is MinutesStatus.APPROVED
    scan = queries.signed_minutes_of(meeting) if approved else None
    return SignedPanel(
        scan=scan if scan is not None and _signed_visible(meeting) else None,
        may_add=approved and can_manage_mechanism(current_user, g.mechanism),
    )


@dataclass
class FilesPanel:
    """What the documents panel of the meeting page offers this user."""

    groups: list[queries.Group]
    count: int
    can_manage: bool
    may_send: bool
    signed: MeetingDocument | None
    confirm: Any


@meeting_panel
def _files_on_the_meeting_page(meeting: Meeting, known: dict[str, Any]) -> dict[str, FilesPanel]:
    return {"files": files_panel(meeting)}


def files_panel(meeting: Meeting) -> FilesPanel:
    """The meeting's documents this user may see, in agenda order, with the pack."""
    groups = queries.visible_groups(meeting, current_user)
    can_manage = can_manage_mechanism(current_user, g.mechanism)
    minutes = _minutes(meeting)
    return FilesPanel(
        groups=[group for group in groups if group.documents],
        count=sum(len(group.documents) for group in groups),
        can_manage=can_manage,
        may_send=can_manage and meeting.status is not MeetingStatus.CANCELLED,
        signed=signed_minutes_panel(meeting, minutes).scan if readable(minutes) else None,
        confirm=ConfirmForm(formdata=None),
    )


@dataclass
class ItemFiles:
    """An agenda item's documents on its page."""

    documents: list[MeetingDocument]
    may_add: bool


def item_files(meeting: Meeting, item: Any) -> ItemFiles:
    """The documents of one agenda item this user may see, and whether she may add one."""
    group = next(
        (found for found in queries.visible_groups(meeting, current_user) if found.item == item),
        None,
    )
    return ItemFiles(
        documents=group.documents if group is not None else [],
        may_add=can_manage_mechanism(current_user, g.mechanism)
        and meeting.status is not MeetingStatus.CANCELLED,
    )
