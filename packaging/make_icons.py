"""Render the app icon PNGs (and a Windows .ico) from the one SVG source.

    .venv/bin/python packaging/make_icons.py

Reads resources/icons/credlabel.svg and writes resources/icons/credlabel-<N>.png for every
size in SIZES (the hicolor theme sizes desktops look for) plus credlabel.ico for the
Windows bundle. The outputs are committed, so building a package needs no SVG renderer.
Rendering uses QtSvg (already a dependency), offscreen, so it runs without a display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "credlabel.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"credlabel-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon drawn at `size`×`size` on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])  # QPainter on a QImage needs a GUI application
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        if not render(renderer, size).save(str(png_path(size)), "PNG"):
            print(f"make_icons: could not write {png_path(size)}", file=sys.stderr)
            return 1
        print(png_path(size).relative_to(ICONS.parent.parent))
    # Each .ico entry is our own rendering at that size (not Pillow's downscale of the
    # largest); 256 is the largest an .ico holds.
    smaller = [Image.open(png_path(s)) for s in ICO_SIZES[:-1]]
    with Image.open(png_path(ICO_SIZES[-1])) as big:
        big.save(ICONS / "credlabel.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=smaller)
    for image in smaller:
        image.close()
    print((ICONS / "credlabel.ico").relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
