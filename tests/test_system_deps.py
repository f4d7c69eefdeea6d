"""``make run`` on a fresh machine: runtime libraries apart from test tools, no test extras."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "system-deps"


def run(*args: str, also: str = "") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "SYSTEM_DEPS_ALSO": also}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60)


def test_a_missing_library_is_named_in_one_line_with_the_exact_command():
    done = run("runtime", "--check", also="libbreathing-room-not-a-package")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.endswith(
        "install them with: sudo apt-get install -y libbreathing-room-not-a-package"
    )


def test_the_runtime_list_leaves_out_what_only_the_tests_use():
    text = SCRIPT.read_text()
    runtime = text.split("runtime=(", 1)[1].split(")", 1)[0].split()
    test_only = text.split("test_only=(", 1)[1].split(")", 1)[0].split()
    assert {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libportaudio2"} <= set(runtime)
    assert not {"xvfb", "trayer", "xdotool", "pulseaudio", "at-spi2-core"} & set(runtime)
    assert {"xvfb", "trayer", "pulseaudio", "at-spi2-core"} <= set(test_only)


def test_this_machine_has_what_the_app_and_its_tests_need():
    assert run("test", "--check").returncode == 0


def test_make_run_installs_the_app_without_the_test_extras(tmp_path):
    venv = tmp_path / "fresh-venv"
    plan = subprocess.run(
        ["make", "-n", "run", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "tools/system-deps runtime" in plan
    assert "pip install --quiet -e .\n" in plan
    assert "[test]" not in plan
