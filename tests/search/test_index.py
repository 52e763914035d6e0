"""The index the saves keep is the index a rebuild writes: after the whole demo (meetings,
minutes, actions, cases, plans, saved through the session), `mcm search rebuild` changes
nothing, and the demo's Fushë Kosovë records are found without diacritics."""

from __future__ import annotations

from sqlalchemy import select

from mcm.extensions import db
from mcm.search.models import SearchEntry


def _entries() -> set[tuple]:
    rows = db.session.execute(
        select(
            SearchEntry.kind,
            SearchEntry.record_id,
            SearchEntry.mechanism_id,
            SearchEntry.audience,
            SearchEntry.institution_id,
            SearchEntry.folded_title,
            SearchEntry.folded_body,
        )
    )
    return set(rows)


def test_the_demo_is_indexed_as_a_rebuild_would_index_it(app, client) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        kept = _entries()
    assert {entry[0].value for entry in kept} == {
        "meeting", "minutes", "action", "activity", "institution", "case",
    }  # fmt: skip
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"search index rebuilt: {len(kept)} entries" in result.output
    with app.app_context():
        assert _entries() == kept

    client.login("coordinator.fko@demo.example.org", "demo-coordinator-2026")
    html = client.get("/search?q=fushe+kosove").get_data(as_text=True)
    assert "<mark>Fushë</mark> <mark>Kosovë</mark>" in html
