"""`mcm search rebuild`: write the search index again from the records."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from mcm.extensions import db
from mcm.search.indexing import rebuild

search = click.Group("search", help="The search index.")


@search.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Rebuild the search index from every record (after a restore or a bulk import)."""
    with db.engine.begin() as conn:
        count = rebuild(conn)
    click.echo(f"search index rebuilt: {count} entries")
