"""Forms of the minutes: text per agenda item, circulation, review comments, approval."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from mcm.core.forms import Form, LocalDateField, VersionField, input_required, max_length, required
from mcm.meetings.models import AgendaItem

TEXT_LIMIT = 20_000  # characters per field: a long discussion, never a pasted file


class MinutesTextForm(Form):
    """The text of the minutes; one summary and one decisions field per agenda item are added
    by minutes_text_form."""

    version = VersionField()
    base_version = HiddenField()
    submit = SubmitField(_l("Save the minutes"))


class CorrectionForm(MinutesTextForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[required(), max_length(2000)],
        description=_l(
            "Member institutions read it beside the new version, for example what was wrong."
        ),
    )
    submit = SubmitField(_l("Save the correction as a new version"))


def minutes_text_form(
    items: Iterable[AgendaItem], *, correction: bool = False, **kwargs: Any
) -> MinutesTextForm:
    """A form with the text fields of the given agenda items."""

    class Form(CorrectionForm if correction else MinutesTextForm):  # type: ignore[misc]
        pass

    for item in items:
        setattr(
            Form,
            f"summary_{item.id}",
            TextAreaField(_l("Discussion summary"), validators=[max_length(TEXT_LIMIT)]),
        )
        setattr(
            Form,
            f"decisions_{item.id}",
            TextAreaField(_l("Decisions"), validators=[max_length(TEXT_LIMIT)]),
        )
    return Form(**kwargs)


def item_changes(form: MinutesTextForm, items: Iterable[AgendaItem]) -> dict[str, dict[str, str]]:
    """The submitted text per agenda item id."""
    return {
        str(item.id): {
            "summary": form[f"summary_{item.id}"].data or "",
            "decisions": form[f"decisions_{item.id}"].data or "",
        }
        for item in items
    }


class CirculateForm(Form):
    version = VersionField()
    review_until = LocalDateField(
        _l("Comments by"),
        validators=[input_required()],
        description=_l("Member institutions comment on each item until this date."),
    )
    submit = SubmitField(_l("Circulate for review"))


class CommentForm(Form):
    body = TextAreaField(
        _l("Your comment on this item"),
        validators=[required(), max_length(5000)],
    )
    submit = SubmitField(_l("Add the comment"))


class ResolveForm(Form):
    resolution = TextAreaField(
        _l("Resolution"),
        validators=[required(), max_length(5000)],
        description=_l("How the comment was taken into account, or why not."),
    )
    submit = SubmitField(_l("Mark as resolved"))


class ApproveForm(Form):
    version = VersionField()
    basis = RadioField(
        _l("Approved"),
        choices=[
            SelectChoice("meeting", _l("At a later meeting")),
            SelectChoice("date", _l("By the review deadline, without objection")),
        ],
        validators=[required()],
    )
    at_meeting = SelectField(_l("Meeting that approved them"), validators=[Optional()])
    early_reason = TextAreaField(
        _l("Reason for approving before the review deadline"),
        validators=[Optional(), max_length(2000)],
        description=_l(
            "Needed only while the review period is still running, for example: every member "
            "institution confirmed the text at the meeting. It is kept with the minutes."
        ),
    )
    submit = SubmitField(_l("Approve and lock the minutes"))
