"""A printable report of one file's Content Credentials, as self-contained HTML.

`render_html(report)` gives one HTML page (pictures inline as data URIs, no external
resources) with the preview, the state, the AI verdict, who signed and when, what viewers
will show, the history tree as nested lists, every check with its explanation, the media
facts, and the versions and date. The HTML keeps to what Qt's rich-text engine renders
(tables, lists, simple CSS), so `app.printing.report_pdf.write_pdf` prints the same page to PDF.
"""

from __future__ import annotations

import base64
import io
import re
from datetime import datetime
from html import escape
from pathlib import Path

from app.core.dates import when_text
from app.core.errors import CredLabelError
from app.core.i18n import _, current_language
from app.core.media.codecs import codec_label
from app.core.model import FileReport, Ingredient, Manifest, StatusCode
from app.core.reading.ai_verdict import verdict_detail
from app.core.reading.manifest_facts import fact_rows
from app.core.reports.viewers import viewer_view
from app.core.reports.wording import (
    app_or_device,
    duration_text,
    ingredient_line,
    invalid_causes,
    issued_on,
    signer_text,
    size_text,
    state_hint,
    state_line,
    state_style,
)

PREVIEW_EDGE = 480  # decoded size; shown at PREVIEW_WIDTH (sharp when printed)
PREVIEW_WIDTH = 260
INGREDIENT_EDGE = 64
MAX_TREE_DEPTH = 12
_IMAGE_TYPE = re.compile(r"image/[A-Za-z0-9.+-]+")  # what a data URI may name
_CSS = """
body { font-family: sans-serif; font-size: 10pt; color: #202124; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 12pt; border-bottom: 1px solid #999; }
td.key { color: #5f6368; padding-right: 8pt; vertical-align: top; }
.state { font-size: 13pt; font-weight: bold; }
.code { font-family: monospace; }
.small { color: #5f6368; font-size: 8pt; }
"""


def render_html(
    report: FileReport,
    *,
    include_thumbnails: bool = True,
    versions: dict[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """The whole report page. `versions` defaults to `library_versions()`; `now` to now."""
    parts = [
        _header(report, now or datetime.now().astimezone()),
        _preview(report) if include_thumbnails else "",
        _summary(report),
        _viewers(report),
        _history(report, include_thumbnails),
        _checks(report.status),
        _media(report),
        _versions(versions),
    ]
    body = "\n".join(p for p in parts if p)
    title = escape(_("Content Credentials report: {name}").format(name=report.path.name))
    language = current_language()
    direction = "rtl" if language.right_to_left else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{language.tag}" dir="{direction}"><head>'
        f'<meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def _header(report: FileReport, now: datetime) -> str:
    when = when_text(now)
    return (
        f"<h1>{escape(_('Content Credentials report: {name}').format(name=report.path.name))}</h1>"
        f'<p class="small"><bdi dir="ltr">{escape(str(report.path))}</bdi><br>'
        + escape(
            _("Made by CredLabel on {when} · trust profile: {profile}").format(
                when=when, profile=report.trust_profile
            )
        )
        + "</p>"
    )


def _preview(report: FileReport) -> str:
    data = _preview_jpeg(report)
    if data is None:
        return ""
    return f"<p>{_img(data, 'image/jpeg', PREVIEW_WIDTH)}</p>"


def _preview_jpeg(report: FileReport) -> bytes | None:
    """The file itself, made small (JPEG); else the credentials' own thumbnail."""
    from app.core.media.preview import preview_image

    try:
        picture = preview_image(report.path, PREVIEW_EDGE)
    except (CredLabelError, OSError):
        picture = None
    if picture is not None:
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, "JPEG", quality=85)
        return buffer.getvalue()
    active = report.active
    return active.thumbnail if active is not None and active.thumbnail else None


def _img(data: bytes, mime: str, box: int) -> str:
    """An inline picture fitted into a `box`-sized square (aspect kept)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
    except (OSError, ValueError):
        return ""
    scale = box / max(width, height, 1)
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    return f'<img src="{data_uri(data, mime)}" width="{w}" height="{h}" alt="">'


def data_uri(data: bytes, mime: str) -> str:
    # The type can come from the file (an ingredient's thumbnail format) and lands inside an
    # attribute: anything but a plain image type could close the tag and add markup.
    if not _IMAGE_TYPE.fullmatch(mime):
        mime = "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _rows(pairs: list[tuple[str, str | None]]) -> str:
    rows = [f'<tr><td class="key">{escape(k)}</td><td>{escape(v)}</td></tr>' for k, v in pairs if v]
    return f"<table>{''.join(rows)}</table>" if rows else ""


def _summary(report: FileReport) -> str:
    look = state_style(report.state)  # the window's badge and `inspect` show the same
    state = f'<p class="state" style="color:{look.colour}">{escape(state_line(report))}</p>'
    state += f"<p>{escape(state_hint(report))}</p>"
    active = report.active
    signature = active.signature if active else None
    signer = signer_text(signature) if signature is not None else None
    pairs: list[tuple[str, str | None]] = [
        (_("Note"), report.problem),
        (_("Stored online at"), report.remote_url),
        (_("AI"), verdict_detail(report.ai)),
        (_("AI tool"), ", ".join(report.ai.tools) or None),
        (_("Issued by"), signer),
        (_("Issued on"), issued_on(signature) if signature else None),
        (_("App or device"), app_or_device(report) if active else None),
        (_("Creator"), ", ".join(active.creators) if active and active.creators else None),
        (_("Sidecar"), str(report.sidecar) if report.sidecar else None),
    ]
    pairs += list(fact_rows(report))  # what the file says, worded as in the window
    return f"<h2>{escape(_('Summary'))}</h2>{state}{_rows(pairs)}{_causes(report)}"


def _causes(report: FileReport) -> str:
    """Every cause of an invalid state (the first is the headline), with what to do."""
    causes = invalid_causes(report)
    if len(causes) < 2 and not any(c.what_to_do for c in causes):
        return ""
    items = "".join(
        f"<li><b>{escape(c.headline)}</b>: {escape(c.explanation)}"
        f"<br><i>{escape(_('What you can do:'))}</i> {escape(c.what_to_do)}</li>"
        for c in causes
    )
    return f"<h3>{escape(_('Why it is invalid'))}</h3><ul>{items}</ul>"


def _viewers(report: FileReport) -> str:
    view = viewer_view(report)
    items = "".join(f"<li>{escape(line)}</li>" for line in view.lines()[:-1])
    return (
        f"<h2>{escape(_('What viewers will show'))}</h2><ul>{items}</ul>"
        f'<p class="small">{escape(_(view.disclaimer))}</p>'
    )


def _history(report: FileReport, thumbnails: bool) -> str:
    active = report.active
    if active is None:
        return ""
    root = escape(active.title or report.path.name)
    tree = _manifest_items(active, report, thumbnails)
    nested = f"<ul><li><b>{root}</b> {escape(_('(this file)'))}{tree}</li></ul>"
    return f"<h2>{escape(_('History'))}</h2>{nested}"


def _manifest_items(manifest: Manifest, report: FileReport, thumbnails: bool) -> str:
    actions = "; ".join(_(a.label) if a.label else a.name for a in manifest.actions)
    parts = [f"<br>{escape(_('Actions'))}: {escape(actions)}"] if actions else []
    children = _ingredient_list(manifest.ingredients, thumbnails, 0)
    return "".join(parts) + children


def _ingredient_list(items: tuple[Ingredient, ...], thumbnails: bool, depth: int) -> str:
    if not items:
        return ""
    if depth >= MAX_TREE_DEPTH:
        return f"<ul><li>… {escape(_('(deeper history not shown)'))}</li></ul>"
    rows = [_ingredient_item(item, thumbnails, depth) for item in items]
    return f"<ul>{''.join(rows)}</ul>"


def _ingredient_item(item: Ingredient, thumbnails: bool, depth: int) -> str:
    picture = ""
    if thumbnails and item.thumbnail:
        mime = item.thumbnail_format or "image/jpeg"
        picture = _img(item.thumbnail, mime, INGREDIENT_EDGE) + " "
    failures = [s.code for s in item.status if s.kind == "failure"]
    problems = f" — {escape(', '.join(failures))}" if failures else ""
    children = _ingredient_list(item.children, thumbnails, depth + 1)
    text = escape(ingredient_line(item))
    return f"<li>{picture}{text}{problems}{children}</li>"


def _checks(status: tuple[StatusCode, ...]) -> str:
    if not status:
        return ""
    problems = [s for s in status if s.kind != "success"]
    passed = [s for s in status if s.kind == "success"]
    html = f"<h2>{escape(_('Checks'))}</h2>"
    if problems:
        items = "".join(_check_item(s) for s in problems)
        html += f"<ul>{items}</ul>"
    if passed:
        codes = ", ".join(sorted({s.code for s in passed}))
        html += f'<p>{escape(_("Passed:"))} <span class="code" dir="ltr">{escape(codes)}</span></p>'
    return html


def _check_item(status: StatusCode) -> str:
    todo = (
        f"<br><i>{escape(_('What you can do:'))}</i> {escape(status.what_to_do)}"
        if status.what_to_do
        else ""
    )
    return (
        f'<li><span class="code" dir="ltr">[{escape(status.kind)}] {escape(status.code)}</span>: '
        f"{escape(status.explanation)}{todo}</li>"
    )


def _media(report: FileReport) -> str:
    media = report.media
    size = f"{media.width} × {media.height}" if media.width and media.height else None
    pairs: list[tuple[str, str | None]] = [
        (_("Type"), f"{media.format_name} ({media.mime})" if media.mime else media.format_name),
        (_("File size"), size_text(media.size)),
        (_("Dimensions"), size),
        (_("Duration"), duration_text(media.duration_s) if media.duration_s else None),
        (_("Video codec"), codec_label(media.video_codec)),
        (_("Audio codec"), codec_label(media.audio_codec)),
        (_("Media problem"), media.problem),
    ]
    return f"<h2>{escape(_('The file'))}</h2>{_rows(pairs)}"


def _versions(versions: dict[str, str] | None) -> str:
    if versions is None:
        from app.core.versions import library_versions

        versions = library_versions()
    text = " · ".join(f"{k} {v}" for k, v in versions.items())
    return f'<p class="small">{escape(text)}</p>'


def write_html(
    report: FileReport, path: Path, *, include_thumbnails: bool = True, overwrite: bool = False
) -> Path:
    """Write the report page to `path` (UTF-8, through `app.core.safe_write`: never over
    the reported file, nor over an existing file unless `overwrite`) and return it."""
    from app.core.safe_write import write_file

    data = render_html(report, include_thumbnails=include_thumbnails).encode("utf-8")
    return write_file(path, data, overwrite=overwrite, protected=(report.path,), what="the report")
