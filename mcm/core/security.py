"""HTTP hardening: security headers, cookie flags and no caching of personal pages."""

from __future__ import annotations

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static":
        # Pages show personal data and, later, case data: never keep them in a shared cache.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _refuse_nul_bytes() -> None:
    """No honest form or link carries a NUL byte, and PostgreSQL cannot store one."""
    values = [request.path, *request.args.values()]
    if request.method == "POST":
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app: Flask) -> None:
    """Set secure cookie flags and add the headers to every response."""
    https = app.config["MCM_HTTPS"]
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_NAME="__Host-mcm" if https else "mcm",
        PERMANENT_SESSION_LIFETIME=app.config["MCM_SESSION_LIFETIME"],
        WTF_CSRF_TIME_LIMIT=None,  # the session's own lifetime bounds the token
        # Well above the per-file limit, so an oversized scan is refused by the form, which
        # keeps everything else the user typed, rather than by a bare 413.
        MAX_CONTENT_LENGTH=app.config["MCM_MAX_UPLOAD_MB"] * 4 * 1024 * 1024,
    )
    if app.config["MCM_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["MCM_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.before_request(_refuse_nul_bytes)
    app.after_request(_headers)
