"""Fixtures for the mechanism record: scans as a browser would upload them."""

from __future__ import annotations

import io

import pytest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def pdf_upload():
    """A small valid-looking PDF as (stream, filename) for the test client."""
    return lambda name="MoU signed.pdf": (io.BytesIO(PDF), name)


@pytest.fixture(autouse=True)
def _upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MCM_UPLOAD_DIR", str(tmp_path / "documents"))
