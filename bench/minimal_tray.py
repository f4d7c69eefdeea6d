"""The baseline: the smallest PySide6 tray app, to compare start-up time and memory against."""

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
icon = QSystemTrayIcon(QIcon(sys.argv[1]))
icon.setToolTip("Breathing Room")
icon.show()
sys.exit(app.exec())
