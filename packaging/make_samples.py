"""Draw the bundled sample pictures (our own artwork, so the app can ship them).

Run from the project root: `python packaging/make_samples.py`. The outputs are committed
in resources/samples; signed samples are added by `credlabel` itself (see README).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"


def draw_sunset(width: int = 1200, height: int = 800) -> Image.Image:
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    horizon = int(height * 0.62)
    for y in range(horizon):  # sky: deep blue to orange
        t = y / horizon
        color = (int(40 + 215 * t), int(60 + 110 * t), int(140 - 60 * t))
        draw.line([(0, y), (width, y)], fill=color)
    sun_x, sun_y, r = width * 0.62, horizon - 40, 90
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 214, 120))
    for y in range(horizon, height):  # sea with stripes of reflected light
        t = (y - horizon) / (height - horizon)
        base = (int(30 + 40 * (1 - t)), int(60 + 40 * (1 - t)), int(110 + 30 * (1 - t)))
        draw.line([(0, y), (width, y)], fill=base)
        if y % 6 < 2:
            half = int(r * (1.2 - t) + 10 * math.sin(y))
            draw.line([(sun_x - half, y), (sun_x + half, y)], fill=(250, 190, 110))
    hills = [(0, horizon), (180, horizon - 90), (360, horizon - 30), (520, horizon)]
    draw.polygon(hills, fill=(35, 45, 60))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw_sunset().save(OUT / "sunset-no-credentials.jpg", quality=88, optimize=True)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
