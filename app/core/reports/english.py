"""The English report a support bundle carries beside the creator's own language.

Support staff read English; the creator's bundle keeps what the creator saw (summary.json,
in their language) and adds the same report in English. The reader explained each check in
the creator's language when it read the file, so the checks are explained again here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from app.core.i18n import SOURCE_LANGUAGE, current_language, speaking
from app.core.model import FileReport, Ingredient, StatusCode
from app.core.reading.explanations import explain
from app.core.reports.json_report import report_to_dict


def english_summary(report: FileReport) -> dict[str, Any] | None:
    """`report_to_dict` in English; None when the creator's language is English already."""
    if current_language().code == SOURCE_LANGUAGE:
        return None
    with speaking(SOURCE_LANGUAGE):
        return report_to_dict(explained_again(report))


def explained_again(report: FileReport) -> FileReport:
    """The report with every check explained anew in the language spoken now."""
    manifests = {
        label: dataclasses.replace(m, ingredients=_ingredients(m.ingredients))
        for label, m in report.manifests.items()
    }
    return dataclasses.replace(report, status=_statuses(report.status), manifests=manifests)


def _statuses(codes: tuple[StatusCode, ...]) -> tuple[StatusCode, ...]:
    again = []
    for status in codes:
        sentence, what_to_do = explain(status.code)
        again.append(dataclasses.replace(status, explanation=sentence, what_to_do=what_to_do))
    return tuple(again)


def _ingredients(items: tuple[Ingredient, ...]) -> tuple[Ingredient, ...]:
    return tuple(
        dataclasses.replace(i, status=_statuses(i.status), children=_ingredients(i.children))
        for i in items
    )
