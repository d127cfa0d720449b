"""The report as JSON for tools: its fields as they are, versioned (``"export": 1``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from coach.report.model import EXPORT_VERSION, Report
from coach.text import json_text


def report_dict(report: Report) -> dict[str, Any]:
    return {"export": EXPORT_VERSION, **asdict(report)}


def render_json(report: Report) -> str:
    """Pretty JSON (UTF-8 text, stable key order, newline at the end)."""
    return json_text(report_dict(report))
