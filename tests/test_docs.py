"""The README and docs stand on their own: no link leaves the repository, every picture exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)]*)\)")


def test_no_link_leaves_the_repository_and_every_target_exists():
    for page in PAGES:
        for target in LINK.findall(page.read_text()):
            if target.startswith("#"):
                continue
            assert "://" not in target and not target.startswith("mailto:"), (page.name, target)
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT), (page.name, target)
            assert path.exists(), (page.name, target)


def test_the_readme_shows_the_main_windows():
    text = (ROOT / "README.md").read_text()
    for name in ("pacer", "pacer-wave", "pacer-bar", "pacer-reduced-motion", "checkin", "welcome"):
        assert f"docs/images/{name}.png" in text, name
