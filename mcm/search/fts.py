"""The database's own full-text index over the search entries, and the query that uses it.

SQLite: an FTS5 table over the folded columns, kept in step with `search_entries` by triggers
(so rows removed by any path leave the index too). PostgreSQL: a GIN index on the entries'
tsvector (title weighted above body), which the query's expression matches. Both take the
words already folded by mcm.search.folding, so the 'simple' configuration is enough."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, column, func, literal_column, table, text

FTS_TABLE = "search_fts"  # spelled out in the statements below, which are constants
PG_INDEX = "ix_search_entries_fts"
VECTOR = (
    "(setweight(to_tsvector('simple', search_entries.folded_title), 'A') || "
    "setweight(to_tsvector('simple', search_entries.folded_body), 'B'))"
)

_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded_title, folded_body,"
    " content='search_entries', content_rowid='id', prefix='2 3')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
    " INSERT INTO search_fts(rowid, folded_title, folded_body)"
    " VALUES (new.id, new.folded_title, new.folded_body); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, folded_title, folded_body)"
    " VALUES ('delete', old.id, old.folded_title, old.folded_body); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, folded_title, folded_body)"
    " VALUES ('delete', old.id, old.folded_title, old.folded_body);"
    " INSERT INTO search_fts(rowid, folded_title, folded_body)"
    " VALUES (new.id, new.folded_title, new.folded_body); END",
)
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_fts",
)


def create(conn: Connection) -> None:
    """Create the full-text index of the dialect (the migration calls this)."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_DDL:
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE INDEX {PG_INDEX} ON search_entries USING gin ({VECTOR})")


def drop(conn: Connection) -> None:
    """Remove the full-text index of the dialect."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_DROP:
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")


def reindex(conn: Connection) -> None:
    """Rebuild the full-text structure from the entries (after `mcm search rebuild`)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def is_own_object(name: str | None) -> bool:
    """Whether a schema object is this module's (not a model's): the migration check skips it."""
    return bool(name) and (name == PG_INDEX or str(name).startswith(FTS_TABLE))


def _term(token: str, sqlite: bool) -> str:
    # Tokens are letters and digits only (folding), so quoting cannot be escaped; one letter
    # alone is matched whole, as a prefix it would match most of the index.
    if sqlite:
        return f'"{token}"' + ("*" if len(token) > 1 else "")
    return token + (":*" if len(token) > 1 else "")


def match(stmt: Any, entry_id: Any, tokens: list[str], dialect: str) -> tuple[Any, Any]:
    """Limit a select of entries to those matching every token, and give its relevance score
    (higher is better)."""
    if dialect == "sqlite":
        fts = table(FTS_TABLE, column("rowid"))
        query = " ".join(_term(t, True) for t in tokens)
        stmt = stmt.join(fts, fts.c.rowid == entry_id).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=query)
        )
        # bm25 is lower for better matches; the title counts eight times the body.
        return stmt, -literal_column(f"bm25({FTS_TABLE}, 8.0, 1.0)")
    tsquery = func.to_tsquery(
        literal_column("'simple'::regconfig"), " & ".join(_term(t, False) for t in tokens)
    )
    vector = literal_column(VECTOR)
    return stmt.where(vector.op("@@")(tsquery)), func.ts_rank(vector, tsquery)
