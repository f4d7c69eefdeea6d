"""Runs every benchmark in bench/ and prints their tables (``make bench``).

Each runs as ``python -m bench.NAME`` from the project folder, so it can use the test helpers
(an Xvfb server, a tray host) in ``tests/``.
"""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("*.py")):
    if script.name.startswith("_") or script.name in {"run.py", "minimal_tray.py"}:
        continue
    print(f"\n## {script.stem}\n", flush=True)
    if subprocess.run([sys.executable, "-m", f"bench.{script.stem}"], cwd=here.parent).returncode:
        failed.append(script.name)
if failed:
    print(f"\nfailed: {', '.join(failed)}")
    sys.exit(1)
