"""Render the app icon's PNG sizes for the hicolor theme from its scalable SVG.

Run with ``.venv/bin/python tools/render_icons.py`` after changing
``resources/icons/breathing-room.svg``; the PNGs are committed under ``packaging/icons/hicolor``
(a test checks they still match the SVG). Qt's own SVG renderer draws them, so no other tool is
needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.breathingroom.BreathingRoom"
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int, hicolor: Path = HICOLOR) -> Path:
    return hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int):  # type: ignore[no-untyped-def]  # a QImage; Qt loads only when called
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(hicolor: Path = HICOLOR) -> None:
    for size in SIZES:
        target = png_path(size, hicolor)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        print(target.relative_to(hicolor.parent) if hicolor == HICOLOR else target)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HICOLOR)
