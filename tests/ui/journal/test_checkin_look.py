"""The check-in as it is drawn: the chosen cell stands out in both themes, nine columns, the axes
labelled once, and the feeling words in the window, reached by Tab and arrows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from breathingroom.services.store import Store
from breathingroom.ui.journal.checkin import CheckInWindow
from breathingroom.ui.theme import DARK, LIGHT, contrast, palette_for


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data" / "journal.sqlite3", auto_backup=False) as opened:
        yield opened


def shown(qtbot, store, tokens) -> CheckInWindow:
    window = CheckInWindow(store)
    window.setPalette(palette_for(tokens))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def pixel(image: QImage, grid, x: float, y: float) -> QColor:
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(x * ratio), int(y * ratio))


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_the_chosen_cell_stands_out_from_its_neighbours_by_3_to_1(qtbot, store, tokens):
    window = shown(qtbot, store, tokens)
    grid = window.grid
    grid.set_value(7, 3, emit=True)
    window.feelings.setFocus()  # no keyboard cursor drawn over the cell
    image = grid.grab().toImage()
    cell = grid._cell_rect(7, 3)
    s = cell.width()
    fill = pixel(image, grid, cell.left() + s * 0.2, cell.top() + s * 0.2)
    mark = pixel(image, grid, cell.left() + s * 0.43, cell.top() + s * 0.68)
    for p, e in ((6, 3), (8, 3), (7, 2), (7, 4)):
        neighbour = grid._cell_rect(p, e)
        other = pixel(image, grid, neighbour.center().x(), neighbour.center().y())
        assert contrast(fill, other) >= 3.0, (tokens.name, (p, e), fill.name(), other.name())
    assert contrast(mark, fill) >= 3.0, (tokens.name, mark.name(), fill.name())
    window.close()


def test_a_system_palette_with_a_faint_highlight_still_shows_the_chosen_cell(qtbot, store):
    """The reported dark theme: a highlight of #212826 on cells of #242B2A."""
    from PySide6.QtGui import QPalette

    palette = palette_for(DARK)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#212826"))
        palette.setColor(group, QPalette.ColorRole.Base, QColor("#242B2A"))
    window = CheckInWindow(store)
    window.setPalette(palette)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    grid = window.grid
    grid.set_value(3, 8, emit=True)
    window.feelings.setFocus()
    image = grid.grab().toImage()
    cell = grid._cell_rect(3, 8)
    s = cell.width()
    fill = pixel(image, grid, cell.left() + s * 0.2, cell.top() + s * 0.2)
    mark = pixel(image, grid, cell.left() + s * 0.43, cell.top() + s * 0.68)
    neighbour = grid._cell_rect(2, 8)
    other = pixel(image, grid, neighbour.center().x(), neighbour.center().y())
    assert contrast(fill, other) >= 3.0, (fill.name(), other.name())
    assert contrast(mark, fill) >= 3.0, (mark.name(), fill.name())
    window.close()


def test_the_grid_reads_as_nine_columns(qtbot, store):
    """No line runs through the middle column's cells: each cell is one even colour across."""
    window = shown(qtbot, store, DARK)
    grid = window.grid
    image = grid.grab().toImage()
    cell = grid._cell_rect(5, 8)
    y = cell.center().y()
    colours = {
        pixel(image, grid, x, y).name() for x in range(int(cell.left()) + 3, int(cell.right()) - 3)
    }
    assert len(colours) == 1, colours
    window.close()


def test_each_axis_is_labelled_once_at_its_ends(qtbot, store):
    window = shown(qtbot, store, LIGHT)
    texts = [label.text() for label in window.findChildren(QLabel)]
    for word in ("unpleasant", "pleasant", "low energy", "high energy"):
        assert texts.count(word) == 1, word
    grid = window.grid.geometry()
    labels = window.axis_labels
    assert labels["unpleasant"].geometry().right() < grid.left()
    assert labels["pleasant"].geometry().left() > grid.right()
    assert labels["high energy"].geometry().bottom() < grid.top()
    assert labels["low energy"].geometry().top() > grid.bottom()
    window.close()


def test_feeling_words_show_without_a_scroll_box_and_are_reached_by_tab_and_arrows(qtbot, store):
    window = shown(qtbot, store, LIGHT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Right)
    qtbot.keyClick(window.grid, Qt.Key.Key_Right)
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)  # chooses (7, 3) and moves on
    words = list(window.feelings.buttons.values())
    assert len(words) == 10
    assert window.focusWidget() is words[0]
    for button in words:  # in the window itself, inside its visible area
        parent = button.parentWidget()
        while parent is not None:
            assert not isinstance(parent, QScrollArea)
            parent = parent.parentWidget()
        corner = button.mapTo(window, QPoint(button.width(), button.height()))
        assert window.rect().contains(corner), button.text()
        assert button.isVisible()
    assert [c.text() for c in window.feelings.captions] == ["Pleasant, low energy:"]
    qtbot.keyClick(words[0], Qt.Key.Key_Right)
    assert window.focusWidget() is words[1]
    qtbot.keyClick(words[1], Qt.Key.Key_Tab)
    assert window.focusWidget() is words[2]
    qtbot.keyClick(words[2], Qt.Key.Key_Space)
    assert words[2].isChecked()
    assert words[2].accessibleDescription() == "chosen"
    assert words[3].accessibleDescription() == "not chosen"
    window.close()
