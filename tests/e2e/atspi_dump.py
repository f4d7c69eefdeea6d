"""Print the accessibility tree a screen reader sees for one application, as JSON lines.

Runs under Debian's /usr/bin/python3 (which has pyatspi), not the project's virtual env.
Usage: atspi_dump.py APP_NAME TIMEOUT_SECONDS
"""

import json
import sys
import time

import pyatspi


def walk(node, depth=0):
    try:
        role = node.getRoleName()
        name = node.name or ""
        try:
            text = node.queryText().getText(0, -1)
        except (NotImplementedError, AttributeError, Exception):
            text = ""
        states = node.getState()
        showing = states.contains(pyatspi.STATE_SHOWING)
        focusable = states.contains(pyatspi.STATE_FOCUSABLE)
    except Exception:
        return
    print(
        json.dumps(
            {
                "depth": depth,
                "role": role,
                "name": name,
                "text": text,
                "showing": showing,
                "focusable": focusable,
            }
        ),
        flush=True,
    )
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, depth + 1)


def main():
    wanted, timeout = sys.argv[1], float(sys.argv[2])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == wanted and app.childCount > 0:
                walk(app)
                return 0
        time.sleep(0.2)
    print(json.dumps({"error": f"no application named {wanted!r}"}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
