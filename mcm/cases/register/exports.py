"""The case extract: a Word document with everything the mechanism recorded about one case
across meetings, the "copy of the minutes relating to the case" the social-services standards
(seed 003, items 2.2 and 2.3) require in the victim's case file."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from flask_babel import gettext as _

from mcm.cases.labels import case_label, case_labels
from mcm.cases.models import Case, LegalBasis
from mcm.cases.register.queries import Entry, involved_institutions, local_date, timeline
from mcm.core.i18n import day_format
from mcm.core.labels import action_status_label
from mcm.core.word import a4_document


def extract_filename(case: Case) -> str:
    return f"{case.code}-extract.docx"


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_and_footer(document: Any, case: Case) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = _(
        "%(municipality)s — Municipal coordination mechanism against domestic violence",
        municipality=case.mechanism.municipality.name,
    )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Confidential. %(code)s — page ", code=case.code))
    _field(footer, "PAGE")
    footer.add_run(_(" of "))
    _field(footer, "NUMPAGES")


def _facts(document: Any, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value or "—"


def _structured(document: Any, case: Case) -> None:
    document.add_heading(_("The case"), level=1)
    rows = [
        (_("Case code"), case.code),
        (_("Status"), case_label("case_status", case.status)),
        (_("Case opened on"), day_format(case.opened_on)),
    ]
    if case.closed_on:
        rows.append((_("Closed on"), day_format(case.closed_on)))
        rows.append((_("Reason for closing"), case.close_reason))
    rows += [
        (_("Age band of the victim"), case_label("age_band", case.age_band)),
        (_("Gender of the victim"), case_label("gender", case.gender)),
        (
            _("Relationship of the perpetrator to the victim"),
            case_label("relationship", case.perpetrator_relationship),
        ),
        (_("Forms of violence"), case_labels("form_of_violence", case.forms_of_violence)),
        (_("Risk level"), case_label("risk", case.risk_level)),
        (_("Children in the household"), str(case.children_count)),
        (_("Age bands of the children"), case_labels("child_age_band", case.children_age_bands)),
        (_("Vulnerability factors"), case_labels("vulnerability", case.vulnerabilities)),
        (_("Protection order"), case_label("protection_order", case.protection_order)),
        (_("Shelter placement"), case_label("shelter", case.shelter)),
    ]
    _facts(document, rows)
    document.add_heading(_("Legal basis for sharing the case"), level=1)
    basis = [(_("Legal basis"), case_label("legal_basis", case.legal_basis))]
    if case.legal_basis is LegalBasis.CONSENT:
        basis.append(
            (_("Consent obtained on"), day_format(case.consent_on) if case.consent_on else "")
        )
        basis.append(
            (
                _("Institution that obtained the consent"),
                case.consent_institution.name if case.consent_institution else "",
            )
        )
    _facts(document, basis)


def _institutions(document: Any, case: Case) -> None:
    document.add_heading(_("Institutions involved"), level=1)
    links = involved_institutions(case)
    if not links:
        document.add_paragraph(_("No institution has been involved yet."))
        return
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells,
        (_("Institution"), _("Involved since"), _("Services provided"), _("Services needed")),
        strict=True,
    ):
        cell.text = title
    for link in links:
        cells = table.add_row().cells
        cells[0].text = link.institution.name
        cells[1].text = day_format(link.involved_on)
        cells[2].text = case_labels("service", link.services_provided)
        cells[3].text = case_labels("service", link.services_needed)


def _actions(document: Any, actions: list[Any], today: date) -> None:
    if not actions:
        return
    document.add_paragraph(_("Actions"), style="Heading 3")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells,
        (_("Responsible institution"), _("Action"), _("Due on"), _("Status")),
        strict=True,
    ):
        cell.text = title
    for action in actions:
        status = "overdue" if action.is_overdue(today) else action.status
        cells = table.add_row().cells
        cells[0].text = action.responsible_institution.name
        cells[1].text = action.title
        cells[2].text = day_format(action.due_on)
        cells[3].text = action_status_label(status)


def _where(entry: Entry, case: Case) -> str:
    if not entry.earlier:
        return ""
    return " " + _(
        "(recorded by %(municipality)s, case %(code)s)",
        municipality=entry.case.mechanism.municipality.name,
        code=entry.case.code,
    )


def _history(document: Any, case: Case, entries: list[Entry]) -> None:
    today = date.today()
    document.add_heading(_("Discussions at meetings"), level=1)
    discussions = [e for e in entries if e.kind in ("discussion", "actions")]
    if not discussions:
        document.add_paragraph(_("The case has not been discussed at a meeting yet."))
    for entry in discussions:
        title = _("Meeting of %(date)s", date=day_format(entry.on))
        document.add_heading(title + _where(entry, case), level=2)
        discussion = entry.discussion
        if discussion is not None and discussion.purged_at is not None:
            document.add_paragraph(
                _("The text of this discussion was removed under the retention rule.")
            )
        elif discussion is not None:
            document.add_paragraph(_("What was discussed"), style="Heading 3")
            document.add_paragraph(discussion.summary or "—")
            document.add_paragraph(_("Decisions"), style="Heading 3")
            document.add_paragraph(discussion.decisions or "—")
        _actions(document, entry.actions, today)
    incidents = [e for e in entries if e.kind == "incident"]
    document.add_heading(_("New incidents"), level=1)
    if not incidents:
        document.add_paragraph(_("No new incident has been recorded."))
    for entry in incidents:
        assert entry.incident is not None
        text = day_format(entry.incident.reported_on)
        if entry.incident.is_repeat:
            text += " — " + _("repeat (within 12 months of the last discussion)")
        document.add_paragraph(text + _where(entry, case), style="List Bullet")
    transfers = [e for e in entries if e.kind == "transfer"]
    if transfers:
        document.add_heading(_("Transfers"), level=1)
    for entry in transfers:
        transfer = entry.transfer
        assert transfer is not None
        document.add_paragraph(
            _(
                "%(date)s: from %(sender)s to %(receiver)s — %(status)s",
                date=day_format(local_date(transfer.requested_at)),
                sender=transfer.from_mechanism.municipality.name,
                receiver=transfer.to_mechanism.municipality.name,
                status=case_label("transfer_status", transfer.status),
            ),
            style="List Bullet",
        )
        if transfer.reason:
            document.add_paragraph(transfer.reason)


def case_extract(case: Case, *, with_history: bool) -> io.BytesIO:
    """The extract as a .docx in memory, in the user's language."""
    document = a4_document()
    document.styles["Normal"].font.size = Pt(11)
    _header_and_footer(document, case)
    document.add_heading(_("Case extract %(code)s", code=case.code), level=0)
    document.add_paragraph(
        _(
            "Copy of the minutes relating to the case discussed within the municipal "
            "mechanism, produced on %(date)s.",
            date=day_format(date.today()),
        )
    )
    _structured(document, case)
    _institutions(document, case)
    _history(document, case, timeline(case, with_history=with_history))
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream
