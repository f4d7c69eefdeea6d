"""What a break-invitation wake-up costs: the schedule itself, each desktop question, and the
whole tick on a real X server (Xvfb). Invitations ask every 30 s while they are on; with them
off the app runs no timer at all, so these are the only costs they add."""

import time

from tests.e2e.xtools import Display

from bench._common import table


def per_call(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    from tests.fakes import FakeClock

    from breathingroom.core.breaks import BreakRules, BreakScheduler
    from breathingroom.services import holdback, idle

    clock = FakeClock()
    scheduler = BreakScheduler(BreakRules(), clock)

    def update() -> None:
        clock.advance(30)
        scheduler.update(0.0, ())

    display = Display()
    try:
        x11 = idle.X11Idle(display.env["DISPLAY"])
        full = holdback.X11FullScreen(display.env["DISPLAY"])
        rows = [
            ["schedule update (core)", f"{per_call(update, 20000) * 1e6:.1f} µs"],
            ["X11 idle time (libXss)", f"{per_call(x11.idle_seconds, 2000) * 1e6:.0f} µs"],
            ["X11 full-screen check", f"{per_call(full.active, 2000) * 1e6:.0f} µs"],
            [
                "do not disturb (D-Bus)",
                f"{per_call(holdback.DoNotDisturb().active, 20) * 1e3:.1f} ms",
            ],
            [
                "microphone (pactl)",
                f"{per_call(holdback.MicrophoneInUse().active, 20) * 1e3:.1f} ms",
            ],
            ["camera (/proc scan)", f"{per_call(holdback.CameraInUse().active, 20) * 1e3:.1f} ms"],
        ]
        x11.close()
        full.close()
    finally:
        display.close()
    table(["every 30 s while invitations are on", "time per call"], rows)


if __name__ == "__main__":
    main()
