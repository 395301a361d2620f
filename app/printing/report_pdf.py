"""Print a report page (HTML from `app.core.reports.html_report`) to PDF with Qt's PDF writer.

No widgets: QTextDocument lays the page out and QPdfWriter paginates it, so this works
offscreen, from the CLI and from a worker thread. Inline `data:` pictures are decoded and
registered as document resources (QTextDocument does not load data URIs itself).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from app.core import safe_write
from app.core.errors import CredLabelError
from app.core.i18n import _

_DATA_URI = re.compile(r'src="data:(image/[\w.+-]+);base64,([A-Za-z0-9+/=]+)"')
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
MARGIN_MM = 15.0


class ReportError(CredLabelError):
    """The PDF report could not be written."""


def ensure_qt() -> None:
    """A QGuiApplication for fonts (the CLI has none; headless machines get offscreen)."""
    if QGuiApplication.instance() is not None:
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _APP  # noqa: PLW0603 - Qt needs the application object to stay alive
    _APP = QGuiApplication(sys.argv[:1])


_APP: QGuiApplication | None = None


def document_from_html(html: str) -> QTextDocument:
    """A QTextDocument of `html` with its data-URI pictures as resources."""
    document = QTextDocument()
    counter = 0

    def register(match: re.Match[str]) -> str:
        nonlocal counter
        try:
            image = QImage.fromData(base64.b64decode(match.group(2)))
        except binascii.Error:  # a broken picture is left out, not a failed report
            return 'src=""'
        if image.isNull():
            return 'src=""'
        counter += 1
        name = f"credlabel-image-{counter}"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        return f'src="{name}"'

    document.setHtml(_DATA_URI.sub(register, html))
    return document


def write_pdf(
    html: str,
    path: Path,
    *,
    title: str = "Content Credentials report",
    overwrite: bool = False,
    protected: tuple[Path, ...] = (),
) -> int:
    """Write `html` as an A4 PDF at `path`; return the number of pages. Qt writes into a
    temporary file of `app.core.safe_write`, which refuses `protected` files and (unless
    `overwrite`) existing ones, then renames it into place."""
    ensure_qt()
    document = document_from_html(html)
    pages = 0

    def produce(temp: Path) -> None:
        nonlocal pages
        writer = QPdfWriter(str(temp))
        writer.setTitle(title)
        writer.setCreator("CredLabel")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
        )
        document.print_(writer)
        del writer  # finishes and closes the file
        pages = pdf_page_count(temp)
        if pages == 0:
            raise ReportError(_("The PDF report could not be written to {path}.").format(path=path))

    safe_write.write_file_by_path(
        path, produce, overwrite=overwrite, protected=protected, what="the report"
    )
    return pages


def pdf_page_count(path: Path) -> int:
    """Pages in a PDF written by Qt (its page objects are never compressed); 0 if none."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    return len(_PAGE_OBJECT.findall(data))
