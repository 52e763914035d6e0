"""Configuration read from MCM_* environment variables, with safe defaults."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def secret_key(instance_path: Path) -> str:
    """Return MCM_SECRET_KEY, or a key generated once and kept in the instance folder."""
    configured = os.environ.get("MCM_SECRET_KEY")
    if configured:
        return configured
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with owner-only permissions: the key signs every session cookie.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def from_environment(instance_path: Path) -> dict[str, Any]:
    """Build the Flask configuration from the environment."""
    demo = _flag("MCM_DEMO", False)
    database_url = os.environ.get("MCM_DATABASE_URL") or (
        f"sqlite:///{instance_path / 'mcm.sqlite3'}"
    )
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: a database error must never carry case text into the logs.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "MCM_DEMO": demo,
        "MCM_TIMEZONE": os.environ.get("MCM_TIMEZONE", "Europe/Belgrade"),
        "MCM_REQUIRE_2FA": _flag("MCM_REQUIRE_2FA", not demo),
        "MCM_IDLE_TIMEOUT": timedelta(minutes=_int("MCM_IDLE_TIMEOUT_MINUTES", 30)),
        "MCM_SESSION_LIFETIME": timedelta(hours=_int("MCM_SESSION_LIFETIME_HOURS", 12)),
        "MCM_BASE_URL": os.environ.get("MCM_BASE_URL", ""),
        "MCM_MAIL_SERVER": os.environ.get("MCM_MAIL_SERVER", ""),
        "MCM_MAIL_PORT": _int("MCM_MAIL_PORT", 25),
        "MCM_MAIL_USERNAME": os.environ.get("MCM_MAIL_USERNAME", ""),
        "MCM_MAIL_PASSWORD": os.environ.get("MCM_MAIL_PASSWORD", ""),
        "MCM_MAIL_STARTTLS": _flag("MCM_MAIL_STARTTLS", False),
        "MCM_MAIL_SSL": _flag("MCM_MAIL_SSL", False),
        "MCM_MAIL_SENDER": os.environ.get("MCM_MAIL_SENDER", "mcm@localhost"),
        "MCM_INVITATION_REMINDER_DAYS": _int("MCM_INVITATION_REMINDER_DAYS", 3),
        "MCM_HTTPS": _flag("MCM_HTTPS", False),
        "MCM_PROXY_HOPS": _int("MCM_PROXY_HOPS", 0),
        "MCM_LOGIN_MAX_FAILURES_ACCOUNT": _int("MCM_LOGIN_MAX_FAILURES_ACCOUNT", 5),
        "MCM_LOGIN_MAX_FAILURES_ADDRESS": _int("MCM_LOGIN_MAX_FAILURES_ADDRESS", 20),
        "MCM_LOGIN_WINDOW": timedelta(minutes=_int("MCM_LOGIN_WINDOW_MINUTES", 15)),
        "MCM_UPLOAD_DIR": os.environ.get("MCM_UPLOAD_DIR", ""),
        "MCM_MAX_UPLOAD_MB": _int("MCM_MAX_UPLOAD_MB", 10),
        # A meeting pack up to this size goes as attachments; a larger one as a link to the
        # meeting page (many institutions' mail servers refuse messages over 10 MB, and base64
        # makes an attachment a third larger).
        "MCM_PACK_ATTACH_MB": _int("MCM_PACK_ATTACH_MB", 5),
        "MCM_CASE_RETENTION_YEARS": _int("MCM_CASE_RETENTION_YEARS", 5),
        "MCM_MEETING_PAST_YEARS": _int("MCM_MEETING_PAST_YEARS", 10),
        "MCM_MEETING_FUTURE_YEARS": _int("MCM_MEETING_FUTURE_YEARS", 2),
        "MCM_PASSWORD_HASH_FAST": False,
        # Our validators carry their own translated messages; WTForms' catalogs lack Albanian.
        "WTF_I18N_ENABLED": False,
    }
