"""The case register: registering with a legal basis, generated codes, editing with conflicts,
closing and reopening, institutions involved, repeats, and a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from mcm.cases.models import Case, CaseIncident, CaseStatus
from mcm.core.audit import AuditEntry
from mcm.extensions import db
from tests.conftest import text_of

TODAY = date.today()


def case_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "opened_on": (TODAY - timedelta(days=3)).isoformat(),
        "age_band": "25-34",
        "gender": "female",
        "perpetrator_relationship": "spouse",
        "forms_of_violence": ["physical", "digital"],
        "risk_level": "high",
        "children_count": "2",
        "children_age_bands": ["0-5", "6-11"],
        "vulnerabilities": ["rural_isolation"],
        "protection_order": "in_force",
        "shelter": "none",
        "legal_basis": "lacking_capacity",
    }
    data.update(overrides)
    return data


def audit_actions(app, case_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.object_type == "cases", AuditEntry.object_id == case_id)
                .order_by(AuditEntry.id)
            )
        )


def test_coordinator_registers_cases_with_consent_and_gets_sequential_codes(
    app, client, make_user, make_institution
) -> None:
    csw = make_institution("PEJ", "csw", "Centre for Social Work Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    form = case_form(legal_basis="consent", consent_on=TODAY.isoformat(), consent_institution=csw)
    first = client.post("/m/PEJ/cases/new", form)
    assert first.status_code == 302
    second = client.post("/m/PEJ/cases/new", form)
    year = (TODAY - timedelta(days=3)).year
    with app.app_context():
        codes = list(db.session.scalars(select(Case.code).order_by(Case.id)))
        case = db.session.scalar(select(Case).order_by(Case.id))
        assert case.consent_institution_id == csw and case.forms_of_violence == [
            "physical",
            "digital",
        ]
        case_id = case.id
    assert codes == [f"PEJ-{year}-001", f"PEJ-{year}-002"]
    page = text_of(client.get(second.headers["Location"]))
    assert f"PEJ-{year}-002" in page and "Informed consent" in page
    assert "Centre for Social Work Peja" in page and "Digital / technology-facilitated" in page
    assert audit_actions(app, case_id)[0] == "case_registered"


def test_consent_needs_its_date_and_institution_and_the_form_keeps_what_was_typed(
    client, make_user
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post("/m/PEJ/cases/new", case_form(legal_basis="consent"))
    page = text_of(response)
    assert response.status_code == 200
    assert "Give the date the informed consent was obtained." in page
    html = response.get_data(as_text=True)
    assert (
        '<input checked id="forms_of_violence-7" name="forms_of_violence" type="checkbox"' in html
    )
    assert 'value="2"' in html  # children


def test_a_legal_basis_is_required_and_a_child_victim_is_under_18(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    missing = client.post("/m/PEJ/cases/new", case_form(legal_basis=""))
    assert "Legal basis for sharing the case" in text_of(missing)
    assert "Please fill in this field." in text_of(missing)
    adult_child = client.post("/m/PEJ/cases/new", case_form(legal_basis="child_victim"))
    assert "The age band of a child victim is 0-17" in text_of(adult_child)
    with client.app.app_context():
        assert db.session.scalar(select(Case.id)) is None


def test_two_registrations_at_once_never_share_a_code(app, ctx, monkeypatch) -> None:
    """A concurrent save took the number this one computed: the unique code makes it retry."""
    from mcm.cases.register import services
    from mcm.mechanisms.services import mechanism_by_code
    from tests.cases.register.test_register import facts

    mechanism = mechanism_by_code("PEJ")
    first = services.create_case(mechanism, facts())
    stale = iter([first.number])  # the other request read the same maximum
    real = services._next_number
    monkeypatch.setattr(services, "_next_number", lambda m, y: next(stale, None) or real(m, y))
    second = services.create_case(mechanism, facts())
    db.session.commit()
    assert first.code != second.code and second.number == first.number + 1


def facts() -> dict[str, object]:
    from mcm.cases.models import AgeBand, Gender, LegalBasis, Relationship, RiskLevel

    return {
        "opened_on": TODAY,
        "age_band": AgeBand.UNDER_18,
        "gender": Gender.FEMALE,
        "perpetrator_relationship": Relationship.PARENT,
        "forms_of_violence": ["physical"],
        "risk_level": RiskLevel.HIGH,
        "children_count": 0,
        "children_age_bands": [],
        "vulnerabilities": [],
        "legal_basis": LegalBasis.CHILD_VICTIM,
    }


def test_a_stale_edit_is_refused_with_both_versions_shown(app, client, make_user, make_case):
    case_id = make_case("PEJ", risk_level="medium")
    client.login_user(make_user("coordinator", "PEJ"))
    form = case_form(
        opened_on=(TODAY - timedelta(days=30)).isoformat(), risk_level="high", version="1"
    )
    assert client.post(f"/m/PEJ/cases/{case_id}/edit", form).status_code == 302
    stale = client.post(f"/m/PEJ/cases/{case_id}/edit", {**form, "risk_level": "standard"})
    page = text_of(stale)
    assert "Someone else saved this record" in page and "The version saved meanwhile" in page
    assert '<option selected value="standard">' in stale.get_data(as_text=True)  # hers, kept
    with app.app_context():
        assert db.session.get(Case, case_id).risk_level.value == "high"
    assert audit_actions(app, case_id).count("case_updated") == 1


def test_close_with_a_reason_and_reopen_are_audited(app, client, make_user, make_case) -> None:
    case_id = make_case("PEJ")
    client.login_user(make_user("coordinator", "PEJ"))
    refused = client.post(f"/m/PEJ/cases/{case_id}/close", {"closed_on": TODAY.isoformat()})
    assert "Please fill in this field." in text_of(refused)
    closed = client.post(
        f"/m/PEJ/cases/{case_id}/close",
        {"closed_on": TODAY.isoformat(), "reason": "Safety plan in place; no further risk."},
    )
    assert closed.status_code == 302
    page = text_of(client.get(f"/m/PEJ/cases/{case_id}"))
    assert "Closed" in page and "Safety plan in place" in page
    # A closed case is read-only until reopened.
    assert client.get(f"/m/PEJ/cases/{case_id}/edit").status_code == 403
    assert client.post(f"/m/PEJ/cases/{case_id}/reopen").status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.status is CaseStatus.OPEN and case.closed_on is None
    actions = audit_actions(app, case_id)
    assert "case_closed" in actions and "case_reopened" in actions
    assert actions.index("case_closed") < actions.index("case_reopened")


def test_involving_an_institution_records_its_services(
    app, client, make_user, make_case, make_institution
) -> None:
    case_id = make_case("PEJ")
    police = make_institution("PEJ", "police", "Police Station Peja")
    client.login_user(make_user("coordinator", "PEJ"))
    response = client.post(
        f"/m/PEJ/cases/{case_id}/institutions/new",
        {
            "institution": police,
            "services_provided": ["police_protection"],
            "services_needed": ["monitoring_visits", "legal_aid"],
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/m/PEJ/cases/{case_id}"))
    assert "Police Station Peja" in page and "Police protection" in page
    assert "Legal aid, Monitoring visits" in page  # in the order services are listed
    again = client.post(f"/m/PEJ/cases/{case_id}/institutions/new", {"institution": police})
    assert "already involved" in text_of(again)
    assert "case_institution_involved" in audit_actions(app, case_id)


def test_a_new_incident_within_12_months_of_the_last_discussion_is_a_repeat(
    app, client, make_user, make_case, case_meeting, discuss
) -> None:
    case_id = make_case("PEJ", opened_on=TODAY - timedelta(days=400))
    meeting_id, item_id = case_meeting("PEJ")
    discuss(case_id, meeting_id, item_id, discussed_on=TODAY - timedelta(days=200))
    client.login_user(make_user("coordinator", "PEJ"))
    client.post(
        f"/m/PEJ/cases/{case_id}/incidents/new",
        {"reported_on": (TODAY - timedelta(days=10)).isoformat()},
    )
    register = text_of(client.get("/m/PEJ/cases/"))
    assert "Repeat" in register
    with app.app_context():
        assert db.session.scalars(select(CaseIncident.is_repeat)).all() == [True]


def test_an_incident_more_than_12_months_after_the_last_discussion_is_not_a_repeat(
    app, ctx, make_case, case_meeting, discuss
) -> None:
    from mcm.cases.register import services

    case_id = make_case("PEJ", opened_on=TODAY - timedelta(days=800))
    meeting_id, item_id = case_meeting("PEJ")
    discuss(case_id, meeting_id, item_id, discussed_on=TODAY - timedelta(days=400))
    incident = services.record_incident(db.session.get(Case, case_id), TODAY)
    assert incident.is_repeat is False
    assert services.within_a_year(date(2024, 2, 29), date(2025, 2, 28))
    assert not services.within_a_year(date(2024, 2, 29), date(2025, 3, 1))


def test_register_filters_by_status_and_risk(client, make_user, make_case) -> None:
    make_case("PEJ", number=1, risk_level="high")
    make_case("PEJ", number=2, risk_level="standard", status="closed")
    client.login_user(make_user("coordinator", "PEJ"))
    year = (TODAY - timedelta(days=30)).year
    high = text_of(client.get("/m/PEJ/cases/?risk=high"))
    assert f"PEJ-{year}-001" in high and f"PEJ-{year}-002" not in high
    closed = text_of(client.get("/m/PEJ/cases/?status=closed"))
    assert f"PEJ-{year}-002" in closed and f"PEJ-{year}-001" not in closed
    assert client.get("/m/PEJ/cases/?status=bogus&risk=<x>&page=abc").status_code == 200


def test_register_uses_a_constant_number_of_queries(
    client, make_user, make_case, case_meeting, discuss, count_queries
) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    meeting_id, item_id = case_meeting("PEJ")

    def measure() -> int:
        with count_queries() as statements:
            assert client.get("/m/PEJ/cases/").status_code == 200
        return len(statements)

    for n in range(2):
        discuss(make_case("PEJ", number=n + 1), meeting_id, item_id)
    few = measure()
    for n in range(2, 30):
        discuss(make_case("PEJ", number=n + 1), meeting_id, item_id)
    assert measure() == few
