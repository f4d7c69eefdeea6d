"""Where Breathing Room keeps its files.

One place decides: ``init()`` with explicit folders (tests, ``--data-dir``), or
``init_from_platformdirs()`` for the user's usual folders. ``BREATHING_ROOM_DATA_DIR`` overrides
both data and settings, so one folder holds everything.
"""

from __future__ import annotations

import os
import stat
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
        """Create the folders that are missing, readable by this user only.

        A folder that exists keeps its mode: it is the user's (``--data-dir ~/notes``), and
        :func:`unsafe_folder` has refused one that others can write to.
        """
        for folder in {self.data_dir, self.config_dir, self.cache_dir}:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def unsafe_folder(paths: Paths) -> str | None:
    """Why the data, settings or cache folder is not this user's alone, or None when it is.

    A folder that other users can write to (``/tmp``, a shared folder with mode 1777) or that
    belongs to someone else would let them replace the journal or read what is added; the app
    uses a folder of its own inside it instead of changing that folder's mode.
    """
    for folder in (paths.data_dir, paths.config_dir, paths.cache_dir):
        try:
            info = folder.stat()
        except OSError:
            continue  # missing: it will be made, for this user only
        if not stat.S_ISDIR(info.st_mode):
            return f"{folder} is not a folder"
        if info.st_uid != os.geteuid():
            return f"{folder} belongs to another user; choose a folder of your own"
        if info.st_mode & stat.S_IWOTH:
            return (
                f"{folder} is shared: other users can write to it. Choose a folder of your own, "
                f"such as {folder / APP_NAME}"
            )
    return None


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


def usual_data_dir() -> Path:
    """The platform's data folder: where the app looks when no folder is named."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
