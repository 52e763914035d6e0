"""mcm: the web application of the Municipal Coordination Mechanisms against Domestic Violence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def _folder(name: str) -> str:
    """templates/, static/ and migrations/ sit beside the package in a checkout, inside it once
    installed from a wheel."""
    beside = ROOT / name
    return str(beside if beside.is_dir() else PACKAGE / name)


FEATURES = (
    "main",
    "accounts",
    "admin",
    "mechanisms",
    "meetings",
    "compliance",
    "actions",
    "calendar",
    "cases",
    "plans",
    "plans.national",
    "statistics",
    "overview",
    "search",
    "partners",
    "reference",
    "inbox",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; tests pass their own configuration."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=_folder("templates"),
        static_folder=_folder("static"),
    )
    from mcm import config

    app.config.update(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(Path(app.instance_path))

    from mcm.core.db import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is registered
    _init_extensions(app)
    _register_blueprints(app)
    from mcm.cli import register
    from mcm.core.scheduler import import_tasks

    register(app)
    import_tasks(FEATURES)  # their models and tasks belong to the schema and the scheduler
    import mcm.core.outbox  # noqa: F401 - its table belongs to the schema

    return app


def _init_extensions(app: Flask) -> None:
    from mcm.core import access, aggregates, confirm, flush_guard, i18n, security
    from mcm.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=_folder("migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    security.init_app(app)
    login_manager.init_app(app)
    access.init_app(app)
    confirm.init_app(app)
    flush_guard.init_app(app)
    aggregates.init_app(app)
    from mcm import templating

    templating.init_app(app)


def _register_blueprints(app: Flask) -> None:
    import importlib

    # Views are imported here, not by the packages, so that models import without the web layer.
    for feature in FEATURES:
        _import_if_present(f"mcm.{feature}.policy")  # its decisions, registered with the gate
        importlib.import_module(f"mcm.{feature}.views")
        app.register_blueprint(importlib.import_module(f"mcm.{feature}").bp)
    from mcm.main import errors

    errors.init_app(app)


def _import_if_present(name: str) -> None:
    """Import a feature's optional module; a feature without one is fine."""
    import importlib

    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
