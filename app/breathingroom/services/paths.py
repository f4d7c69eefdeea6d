"""Where Breathing Room keeps its files.

One place decides: ``init()`` with explicit folders (tests, ``--data-dir``), or
``init_from_platformdirs()`` for the user's usual folders. ``BREATHING_ROOM_DATA_DIR`` overrides
both data and settings, so one folder holds everything.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "BREATHING_ROOM_DATA_DIR"
APP_NAME = "breathing-room"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "instance.lock"

    @property
    def database(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.cache_dir / "breathing-room.log"

    def ensure(self) -> None:
        """Create the folders, readable by this user only."""
        for folder in {self.data_dir, self.config_dir, self.cache_dir}:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(OSError):  # a folder we do not own
                folder.chmod(0o700)


_current: Paths | None = None


def init(data_dir: Path, config_dir: Path | None = None, cache_dir: Path | None = None) -> Paths:
    """Use ``data_dir`` (and the others, defaulting to inside it) from now on."""
    global _current
    data_dir = Path(data_dir).expanduser().absolute()
    _current = Paths(
        data_dir=data_dir,
        config_dir=Path(config_dir).expanduser().absolute() if config_dir else data_dir,
        cache_dir=Path(cache_dir).expanduser().absolute() if cache_dir else data_dir / "cache",
    )
    return _current


def init_from_platformdirs() -> Paths:
    import platformdirs

    global _current
    _current = Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
    return _current


def init_default(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """``--data-dir`` first, then ``BREATHING_ROOM_DATA_DIR``, then the platform's folders."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return init(Path(chosen))
    return init_from_platformdirs()


def current() -> Paths:
    if _current is None:
        return init_default()
    return _current
