"""The bar and the wave as drawn: the fill stays inside its outline, the wave is one breath."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainterPath

from breathingroom.core.library import all_patterns
from breathingroom.core.pacing import Session
from breathingroom.core.patterns import PRESETS
from breathingroom.ui.pacer.view import PacerView
from breathingroom.ui.theme import DARK, LIGHT


def close_to(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (
        abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance
    )


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("size", [(360, 360), (480, 200), (440, 330)])
def test_the_bar_fill_stays_inside_its_outline_at_every_phase(qtbot, tokens, size):
    """Sampled at the start and end of the inhale, in the hold, and through the exhale: the fill
    spilled past the rounded ends when the level was low, before the fill was clipped."""
    view = PacerView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_tokens(tokens)
    view.set_style("bar")
    session = Session(PRESETS["box"], cycles=2)
    inhale = session.pattern.phases[0].seconds
    for t in (0.0, 0.5, inhale / 2, inhale - 1e-3, 6.0, 11.0, 13.0, 15.99):
        view.set_state(session, session.state_at(t))
        if t == inhale - 1e-3:
            assert view.level() > 0.99  # the very top of the inhale
        image = view.grab().toImage()
        ratio = image.devicePixelRatio()
        outline = view.bar_outline()
        r = outline.width() / 2.5
        shape = QPainterPath()
        shape.addRoundedRect(outline.adjusted(1, 1, -1, -1), r - 1, r - 1)
        tint = view.tint()
        filled, outside = 0, []
        around = outline.adjusted(-6, -6, 6, 6)  # the fill's colour appears nowhere else
        xs = range(max(0, int(around.left() * ratio)), int(around.right() * ratio))
        for y in range(image.height()):
            for x in xs:
                if close_to(image.pixelColor(x, y), tint, tolerance=12):
                    filled += 1
                    centre = QRectF(x / ratio, y / ratio, 1 / ratio, 1 / ratio).center()
                    if not shape.contains(centre):
                        outside.append((x, y))
        assert filled > 0, t  # the fill is there at all
        assert outside == [], (t, outside[:5])
    view.close()


def test_the_wave_shows_one_breath_in_place_and_the_dot_moves_along_it(qtbot):
    view = PacerView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.set_style("wave")
    session = Session(PRESETS["box"], cycles=3)
    view.set_state(session, session.state_at(1.0))
    early = view.wave_points()
    view.set_state(session, session.state_at(9.0))
    later = view.wave_points()
    assert early == later  # the line does not scroll
    ys = [p.y() for p in early]
    # rise, hold at the top, fall, rest at the bottom: lowest at both ends, highest in between
    assert ys[0] == pytest.approx(max(ys), abs=1) and min(ys) < ys[0] - 100
    view.grab()  # draws without error
    view.close()


def test_a_custom_pattern_shows_its_own_name_and_numbers(qtbot):
    from breathingroom.core.patterns import custom_from_text
    from breathingroom.ui.pacer.run import BreathingRun
    from breathingroom.ui.pacer.window import PacerWindow
    from tests.fakes import FakeClock

    clock = FakeClock(10.0)
    pacer = PacerWindow(all_patterns())
    qtbot.addWidget(pacer)
    for text in ("4,4,4,4", "6,2,8"):
        pattern = custom_from_text(text)
        pacer.show_run(BreathingRun.of(pattern, minutes=1, clock=clock))
        assert pacer.pattern_box.currentText() == pattern.label
    assert "out 8" in pacer.pattern_box.currentText()
    assert [pacer.pattern_box.itemText(i) for i in range(pacer.pattern_box.count())].count(
        pacer.pattern_box.currentText()
    ) == 1
    pacer.close()
