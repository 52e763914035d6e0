"""`mcm strategy …`: load the template framework or import a national strategy file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

strategy = click.Group("strategy", help="Load or import the national strategy.")


@strategy.command("load-template")
@with_appcontext
def load_template_command() -> None:
    """Load the template framework built on the Istanbul Convention (safe to run again)."""
    from mcm.extensions import db
    from mcm.plans.strategy.services import ensure_template_strategy

    template = ensure_template_strategy()
    db.session.commit()
    click.echo(f"template strategy {template.code} is loaded")


@strategy.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Import a strategy from a YAML or XLSX file as a new version; nothing is saved on errors."""
    from mcm.extensions import db
    from mcm.plans.strategy.services import StrategyFileError, check, read_file, save_strategy

    try:
        meta, rows = read_file(file.name, file.read_bytes())
    except StrategyFileError as error:
        raise click.ClickException(str(error)) from error
    meta_problems, report = check(meta, rows)
    bad = [(number, problems) for number, _row, problems in report if problems]
    for problem in meta_problems:
        click.echo(f"strategy: {problem}", err=True)
    for number, problems in bad:
        click.echo(f"objective {number}: {'; '.join(problems)}", err=True)
    if meta_problems or bad:
        raise click.ClickException("the file has problems; nothing was imported")
    saved = save_strategy(meta, rows, source_filename=file.name)
    db.session.commit()
    click.echo(f"imported strategy {saved.code} with {len(rows)} objectives")
