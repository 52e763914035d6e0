"""A PEJ meeting ahead with three member institutions, their representatives and users, and
readers of what the mail server received: shared by the invitation, outbox and reminder tests."""

from __future__ import annotations

from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from icalendar import Calendar

POLICE_REP = "rep.police@test.example.org"
POLICE_DEPUTY = "deputy.police@test.example.org"
CSW_REP = "rep.csw@test.example.org"


@dataclass
class Invitees:
    coordinator: int
    member: int  # the police station's member user
    police: int
    csw: int
    shelter: int  # no representative with an e-mail address
    meeting: int

    @property
    def url(self) -> str:
        return f"/m/PEJ/meetings/{self.meeting}"


def build_invitees(
    make_user: Any,
    make_institution: Any,
    make_representative: Any,
    make_meeting: Any,
    make_agenda_item: Any,
    **meeting: Any,
) -> Invitees:
    """Three institutions (one unreachable), a coordinator, a member, a meeting with an agenda."""
    police = make_institution("PEJ", "police", "Police Station Peja (test)")
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja (test)")
    shelter = make_institution("PEJ", "shelter", "Safe House Peja (test)")
    make_representative(police, "Police Representative (test)", POLICE_REP)
    make_representative(police, "Police Deputy (test)", POLICE_DEPUTY, is_deputy=True)
    make_representative(csw, "CSW Representative (test)", CSW_REP)
    make_representative(shelter, "Shelter Representative (test)")  # no e-mail address
    # The police deputy's own account reads Serbian: her e-mails come in Serbian.
    make_user("member", "PEJ", institution_id=police, email=POLICE_DEPUTY, language="sr")
    scene = Invitees(
        coordinator=make_user("coordinator", "PEJ"),
        member=make_user("member", "PEJ", institution_id=police, email=POLICE_REP),
        police=police,
        csw=csw,
        shelter=shelter,
        meeting=make_meeting(**meeting),
    )
    make_agenda_item(scene.meeting, "Approval of the previous minutes")
    make_agenda_item(scene.meeting, "Shelter capacity in winter", duration_minutes=30)
    return scene


def to(inbox: Any, address: str) -> list[Message]:
    """The messages the mail server received for one address, in order."""
    return [message for message in inbox.messages if message["To"] == address]


def calendar_of(message: Message) -> Calendar:
    """The .ics attachment of a message, parsed by the icalendar package."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            assert part.get_filename() == "invite.ics"
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no text/calendar attachment")


def text_of_mail(message: Message) -> str:
    """The plain-text body of a message."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text body")


def subject_of(message: Message) -> str:
    """The decoded subject (non-ASCII subjects travel encoded)."""
    return str(make_header(decode_header(message["Subject"])))
