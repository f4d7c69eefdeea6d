"""Print the accessibility tree a screen reader sees for one application, as JSON lines.

Runs under Debian's /usr/bin/python3 (which has pyatspi), not the project's virtual env.
Usage: atspi_dump.py APP_NAME TIMEOUT_SECONDS [NAME_PART]

With NAME_PART, the tree is read again until some node's name holds it (a window that opens a
moment after the application appears), and printed then.
"""

import json
import sys
import time

import pyatspi


def walk(node, depth=0, out=None):
    out = [] if out is None else out
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
        return out
    out.append(
        json.dumps(
            {
                "depth": depth,
                "role": role,
                "name": name,
                "text": text,
                "showing": showing,
                "focusable": focusable,
            }
        )
    )
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, depth + 1, out)
    return out


def main():
    wanted, timeout = sys.argv[1], float(sys.argv[2])
    needle = sys.argv[3] if len(sys.argv) > 3 else None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == wanted and app.childCount > 0:
                lines = walk(app)
                if needle is None or any(needle in json.loads(line)["name"] for line in lines):
                    print("\n".join(lines), flush=True)
                    return 0
        time.sleep(0.2)
    print(json.dumps({"error": f"no application named {wanted!r}"}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
