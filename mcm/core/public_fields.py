"""The one place that declares which free text is professional or public data, not the private
data of victims, and why. Everything not named here is checked by the privacy guard: every
free-text form field on validation (mcm.core.forms.Form), every free-text column on save (the
flush guard, mcm.core.flush_guard). tests/core/test_forms_walk.py walks every form field and
every text column and fails for any that is neither here nor guarded.

Form fields are named "<module>.<FormClass>.<field>" (the module without "mcm."; a field
inherited from a mixin is named after the class that declares it or any form that inherits it);
fields added per record carry a "*" for the record's id. Columns are named "<table>.<column>".
The reasons are for the people who maintain the code, not shown to users.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

REPRESENTATIVE = "the name of a professional who represents an institution"
INSTITUTION = "the name or office of an institution"
EMAIL = "a user's or a professional's work e-mail address"
CREDENTIAL = "a password, never stored as text"
SEARCH = "a search, never stored"
CODE = "a code or reference that the form checks against a pattern or the database"
VENUE = "a public place or online meeting link"
TECHNICAL = "written by the application, never typed by a user"
PUBLIC = "public reference data: countries, regions, municipalities, institution types"

FORM_FIELDS: dict[str, str] = {
    "accounts.forms.*.password": CREDENTIAL,
    "accounts.forms.*.current": CREDENTIAL,
    "accounts.forms.*.confirm": CREDENTIAL,
    "accounts.forms.LoginForm.email": EMAIL,
    "accounts.forms.ResetRequestForm.email": EMAIL,
    "accounts.forms.TotpForm.code": CODE,
    "accounts.forms.VerifyForm.code": CODE,
    "admin.forms.InviteUserForm.email": EMAIL,
    "admin.forms.AuditFilterForm.action": SEARCH,
    "admin.forms.AuditFilterForm.user": SEARCH,
    "cases.exceptional.forms.ExceptionalAccessForm.code": CODE,
    "mechanisms.forms.InstitutionForm.name": INSTITUTION,
    "mechanisms.forms.InstitutionForm.address": INSTITUTION,
    "mechanisms.forms.MouFields.signatory": REPRESENTATIVE,
    "mechanisms.forms.RepresentativeForm.name": REPRESENTATIVE,
    "mechanisms.forms.RepresentativeForm.position": REPRESENTATIVE,
    "mechanisms.forms.RepresentativeForm.email": EMAIL,
    "mechanisms.forms.RepresentativeForm.phone": REPRESENTATIVE,
    "meetings.attendance.forms.AttendanceForm.represented_*": REPRESENTATIVE,
    "meetings.attendance.forms.AcknowledgementForm.name_*": REPRESENTATIVE,
    "meetings.planning.forms.ScheduleFields.place": VENUE,
    "meetings.planning.forms.ScheduleFields.online_link": VENUE,
    "partners.forms.OrganisationForm.name": INSTITUTION,
    "partners.forms.TrainingForm.trainer": REPRESENTATIVE,
    "plans.local.forms.ObjectiveForm.code": CODE,
    "plans.local.forms.ActivityForm.code": CODE,
    "plans.local.forms.AdoptForm.decision_reference": CODE,
    "search.forms.SearchForm.q": SEARCH,
}

COLUMNS: dict[str, str] = {
    # Reference data and the national strategy's identifiers, loaded by administrators.
    "countries.*": PUBLIC,
    "regions.*": PUBLIC,
    "municipalities.*": PUBLIC,
    "institution_types.*": PUBLIC,
    "strategies.code": CODE,
    "strategy_objectives.code": CODE,
    # Accounts, sessions, the scheduler: machinery.
    "users.email": EMAIL,
    "users.password_hash": TECHNICAL,
    "users.language": TECHNICAL,
    "users.totp_secret": TECHNICAL,
    "one_time_tokens.token_hash": TECHNICAL,
    "recovery_codes.code_hash": TECHNICAL,
    "calendar_feeds.nonce": TECHNICAL,
    "calendar_feeds.secret_hash": TECHNICAL,
    "user_sessions.*": TECHNICAL,
    "login_attempts.email": EMAIL,
    "login_attempts.ip_address": TECHNICAL,
    "apscheduler_jobs.id": TECHNICAL,
    "task_runs.*": TECHNICAL,
    # The search index: copies, folded, of text the guard checked on the records themselves.
    "search_entries.*": TECHNICAL,
    # Figures kept on write (mcm.core.aggregates): counts under codes of categories.
    "case_figures.*": TECHNICAL,
    "plan_matrix_cells.*": TECHNICAL,
    "sent_reminders.key": TECHNICAL,
    # The audit log and the outbox are composed by the application from text that passed the
    # guard and from professionals' addresses.
    "audit_entries.*": TECHNICAL,
    "outbox_messages.*": TECHNICAL,
    "notification_preferences.kind": CODE,
    "documents.stored_name": TECHNICAL,
    "documents.content_type": TECHNICAL,
    "documents.sha256": TECHNICAL,
    "meeting_documents.stored_name": TECHNICAL,
    "meeting_documents.content_type": TECHNICAL,
    "meeting_documents.sha256": TECHNICAL,
    "action_plan_versions.snapshot": TECHNICAL,
    "ad_hoc_requests.proposed_dates": TECHNICAL,
    "meetings.language": TECHNICAL,
    "meetings.ics_uid": TECHNICAL,
    # Choices stored as lists of codes.
    "cases.code": CODE,
    "cases.forms_of_violence": TECHNICAL,
    "cases.children_age_bands": TECHNICAL,
    "cases.vulnerabilities": TECHNICAL,
    "case_institutions.services_provided": TECHNICAL,
    "case_institutions.services_needed": TECHNICAL,
    # Institutions, professionals and places.
    "partner_organisations.name": INSTITUTION,
    "institutions.name": INSTITUTION,
    "institutions.address": INSTITUTION,
    "representatives.*": REPRESENTATIVE,
    "attendances.represented_by": REPRESENTATIVE,
    "confidentiality_acknowledgements.attendee_name": REPRESENTATIVE,
    "mou_events.signatory": REPRESENTATIVE,
    "trainings.trainer": REPRESENTATIVE,
    "meetings.place": VENUE,
    "meetings.online_link": VENUE,
    "action_plans.decision_reference": CODE,
    "action_plan_versions.decision_reference": CODE,
    "plan_objectives.code": CODE,
    "plan_activities.code": CODE,
}

# Free text typed or imported by users: the flush guard checks it on every save. The walking
# test requires each text column to be either here or in COLUMNS, so that a new column is a
# decision; one in neither is still checked.
GUARDED_COLUMNS: set[str] = {
    "documents.original_name",
    "meeting_documents.title",
    "meeting_documents.original_name",
    "strategies.name_*",
    "strategies.source_filename",
    "strategy_objectives.text_*",
    "institutions.left_reason",
    "mechanism_status_changes.note",
    "mou_events.note",
    "meetings.notes",
    "meetings.cancelled_reason",
    "agenda_items.title",
    "agenda_items.notes",
    "ad_hoc_requests.reason",
    "ad_hoc_requests.decline_reason",
    "minutes_versions.content",
    "minutes_versions.reason",
    "minutes_versions.actions",
    "minutes.early_approval_reason",
    "minutes_comments.body",
    "minutes_comments.resolution",
    "actions.title",
    "action_progress.note",
    "cases.close_reason",
    "cases.consent_reason",
    "case_discussions.summary",
    "case_discussions.decisions",
    "case_transfers.reason",
    "exceptional_accesses.reason",
    "action_plans.title",
    "action_plan_versions.reason",
    "plan_objectives.title",
    "plan_activities.title",
    "plan_activities.indicator",
    "plan_activities.unit",
    "indicator_values.source",
    "partnership_events.note",
    "needs_assessments.summary",
    "needs_assessment_scores.findings",
    "support_entries.description",
    "trainings.module",
    "trainings.note",
}


def _matches(key: str, names: dict[str, str] | set[str]) -> bool:
    if key in names:
        return True
    return any("*" in name and fnmatchcase(key, name) for name in names)


def declared_field(form_class: type, name: str) -> bool:
    """True when the field is declared professional or public in this form or a base of it."""
    for cls in form_class.__mro__:
        module = cls.__module__.removeprefix("mcm.")
        if _matches(f"{module}.{cls.__name__}.{name}", FORM_FIELDS):
            return True
    return False


def declared_column(table: str, column: str) -> bool:
    """True when the column holds professional, public or technical text."""
    return _matches(f"{table}.{column}", COLUMNS)


def guarded_column(table: str, column: str) -> bool:
    """True when the column is declared free text, checked on every save."""
    return _matches(f"{table}.{column}", GUARDED_COLUMNS)
