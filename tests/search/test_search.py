"""Search through the page: every kind of record is found by its words, with or without
diacritics, only by those whose pages would show it, with the words found marked safely."""

from __future__ import annotations

import re

import pytest

from tests.core.html_forms import form_with

RESULT = re.compile(r'class="search-result__heading"><a href="([^"]+)"')


def found(html: str) -> list[str]:
    """The pages the results link to, best first."""
    return RESULT.findall(html)


def test_each_kind_of_record_is_found_by_its_words(world, make_user, searching):
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    expected = {
        "strehimore": f"/m/PEJ/meetings/{world.meeting}",  # an agenda item's title
        "kuvendit": f"/m/PEJ/meetings/{world.meeting}",  # the place
        "trajnimi": f"/m/PEJ/meetings/{world.minutes_meeting}/minutes",  # approved minutes
        "digital violence": f"/m/PEJ/meetings/actions/{world.public_action}",
        "awareness": f"/m/PEJ/plans/{world.activity_plan}",
        "sociale": f"/m/PEJ/institutions/{world.csw}",
        "policija": f"/m/PEJ/institutions/{world.police}",  # its kind, in Serbian
        "PEJ-2026-901": f"/m/PEJ/cases/{world.known_case}",
    }
    for query, page in expected.items():
        assert found(search(query))[:1] == [page], query


def test_case_text_is_never_indexed(world, make_user, searching):
    """The case items of the minutes are left out, even for the coordinator."""
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    assert found(search("zebracrossing")) == []


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("fushe kosove", "meeting"),
        ("FUSHË KOSOVË", "meeting"),
        ("cacak", "minutes"),  # Serbian č
        ("djakovica", "activity"),  # Serbian đ, as typed without diacritics
        ("đakovica", "activity"),
        ("zvecan", "institution"),  # Albanian ç
        ("policise", "institution"),
        ("kosov", "meeting"),  # a word's beginning is enough
    ],
)
def test_diacritics_are_optional(query, page, world, make_user, searching):
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    pages = {
        "meeting": f"/m/PEJ/meetings/{world.meeting}",
        "minutes": f"/m/PEJ/meetings/{world.minutes_meeting}/minutes",
        "activity": f"/m/PEJ/plans/{world.activity_plan}",
        "institution": f"/m/PEJ/institutions/{world.police}",
    }
    assert pages[page] in found(search(query))


def test_what_each_role_finds(world, make_user, searching):
    """The coordinator finds every case; a member only those her institution is involved in
    and the case actions it is responsible for; an observer and another mechanism's
    coordinator find none of Peja's records."""
    known = f"/m/PEJ/cases/{world.known_case}"
    other = f"/m/PEJ/cases/{world.other_case}"
    case_action = f"/m/PEJ/meetings/actions/{world.case_action}"
    meeting = f"/m/PEJ/meetings/{world.meeting}"
    fer_case = f"/m/FER/cases/{world.fer_case}"

    coordinator = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    assert {known, other} <= set(found(coordinator("PEJ 2026")))
    assert found(coordinator("giraffe")) == [case_action]
    assert fer_case not in found(coordinator("2026"))
    assert found(coordinator("fushe")) == [meeting]  # not Ferizaj's meeting

    police = searching(make_user(role="member", mechanism_code="PEJ", institution_id=world.police))
    assert found(police("PEJ-2026-901")) == [known]
    assert found(police("PEJ-2026-902")) == []
    assert found(police("giraffe")) == []  # a case action of another institution
    assert found(police("fushe kosove")) == [meeting]

    csw = searching(make_user(role="member", mechanism_code="PEJ", institution_id=world.csw))
    assert found(csw("PEJ-2026-901")) == []  # not involved in the case
    assert found(csw("giraffe")) == [case_action]  # but responsible for its action

    observer = searching(make_user(role="observer", mechanism_code=None))
    for query in ("PEJ-2026-901", "fushe", "trajnimi", "sociale"):
        assert found(observer(query)) == [], query

    ferizaj = searching(make_user(role="coordinator", mechanism_code="FER"))
    assert found(ferizaj("PEJ-2026-901")) == []
    assert found(ferizaj("fushe kosove")) == [f"/m/FER/meetings/{world.fer_meeting}"]
    assert found(ferizaj("FER-2026-903")) == [fer_case]


def test_matches_are_marked_and_text_is_escaped(world, app, make_user, make_institution, searching):
    make_institution("PEJ", "shelter", 'Strehimorja <script>alert("x")</script> & Co')
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    html = search("strehimorja script")
    assert "<mark>Strehimorja</mark> &lt;<mark>script</mark>&gt;alert(" in html
    assert '<script>alert("x")' not in html
    assert "<mark>Fushë</mark> <mark>Kosovë</mark>" in search("fushe kosove")
    typed = search('<img src=x onerror=alert(1)> "fushe')
    assert "<img src=x" not in typed
    assert "&lt;img src=x onerror=alert(1)&gt;" in typed  # kept in the box as typed


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "*",
        "OR",
        "a OR b",
        "NEAR(",
        "NEAR(a b)",
        ":",
        "-",
        "-x",
        "a:b",
        "'",
        "\\",
        "&|!()",
        "x" * 10_000,
        "kosove " * 2_000,
        "\u200b",
        "ë̈̈̈",
    ],
)
def test_hostile_queries_never_fail(query, world, make_user, searching):
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    html = search(query)
    assert "search-results" not in html or found(html)


def test_a_query_longer_than_the_box_is_refused_with_a_message(world, make_user, searching):
    search = searching(make_user(role="coordinator", mechanism_code="PEJ"))
    html = search("fushe " + "x" * 10_000)
    assert 'id="q-error"' in html
    assert found(html) == []


def test_a_nul_character_is_refused_not_a_server_error(world, make_user, client_factory):
    client = client_factory()
    client.login_user(make_user(role="coordinator", mechanism_code="PEJ"))
    assert client.get("/search?q=fushe%00kosove").status_code == 400


def test_the_index_follows_an_edited_meeting(world, make_user, client_factory, searching):
    coordinator = make_user(role="coordinator", mechanism_code="PEJ")
    search = searching(coordinator)
    page = f"/m/PEJ/meetings/{world.meeting}"
    assert found(search("kuvendit")) == [page]
    client = client_factory()
    client.login_user(coordinator)
    form = form_with(client.get(page + "/edit").get_data(as_text=True), "place")
    data = {name: values[0] for name, values in form["values"].items() if values}
    data["place"] = "Shtëpia e Kulturës, Fushë Kosovë"
    response = client.post(page + "/edit", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert found(search("kuvendit")) == []
    assert found(search("shtepia kultures")) == [page]


def test_a_withdrawn_need_to_know_stops_finding_the_case(
    world, app, make_user, client_factory, searching
):
    from mcm.cases.models import CaseInstitution
    from mcm.extensions import db

    police = searching(make_user(role="member", mechanism_code="PEJ", institution_id=world.police))
    case = f"/m/PEJ/cases/{world.known_case}"
    assert found(police("PEJ-2026-901")) == [case]
    with app.app_context():
        link = db.session.scalar(
            db.select(CaseInstitution.id).where(CaseInstitution.case_id == world.known_case)
        )
    client = client_factory()
    client.login_user(make_user(role="coordinator", mechanism_code="PEJ"))
    response = client.post(f"{case}/institutions/{link}/withdraw")
    assert response.status_code == 302
    assert found(police("PEJ-2026-901")) == []


def test_the_page_speaks_each_language(world, make_user, client_factory):
    client = client_factory()
    client.login_user(make_user(role="coordinator", mechanism_code="PEJ"))
    for language in ("sq", "sr-Latn", "en"):
        client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        response = client.get("/search", query_string={"q": "fushe kosove"})
        assert response.status_code == 200
        assert f"/m/PEJ/meetings/{world.meeting}" in response.get_data(as_text=True)
