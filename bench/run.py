"""Runs every benchmark in bench/ and prints their tables (``make bench``)."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("*.py")):
    if script.name in {"run.py", "minimal_tray.py", "_common.py"}:
        continue
    print(f"\n## {script.stem}\n", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode != 0:
        failed.append(script.name)
if failed:
    print(f"\nfailed: {', '.join(failed)}")
    sys.exit(1)
