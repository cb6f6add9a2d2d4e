"""Start the real `kiosk run --demo` under a virtual X screen with an accessibility bus, and
walk one procedure through it (tests/journey/walk.py, system Python with pyatspi).

Used by tests/journey/test_journey.py, `make journey` and `make bench`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
SIZES = {"landscape": "1920x1080", "portrait": "1080x1920", "tablet": "1280x800"}
GOALS = {"taps": 25, "keys": 40, "scrolls": 0}

_SCRIPT = r"""
set -u
# The screen must take connections before the kiosk asks for it (else Qt aborts at start).
for _ in $(seq 100); do [ -S "/tmp/.X11-unix/X${DISPLAY#:}" ] && break; sleep 0.1; done
"$KIOSK_PYTHON" -m kiosk --data-dir "$JOURNEY_DATA" run --demo --window-size "$JOURNEY_SIZE" \
    --quit-after 900 > "$JOURNEY_LOG" 2>&1 &
kiosk=$!
# shellcheck disable=SC2086 (the walker's arguments are words without spaces)
"$SYSTEM_PYTHON" "$JOURNEY_WALK" $JOURNEY_ARGS --out "$JOURNEY_OUT"
status=$?
kill "$kiosk" 2>/dev/null
# A kiosk still stopping after 10 s is killed: the walk is over and its result written.
for _ in $(seq 100); do kill -0 "$kiosk" 2>/dev/null || break; sleep 0.1; done
kill -9 "$kiosk" 2>/dev/null
wait "$kiosk" 2>/dev/null
exit $status
"""


def missing() -> str | None:
    """Why the walk cannot run here (a tool missing), or None."""
    for tool in ("xvfb-run", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian packages xvfb, dbus)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True,
                           check=False)
    if probe.returncode != 0:
        return "pyatspi is missing (Debian packages python3-pyatspi, at-spi2-core)"
    return None


def people() -> list[str]:
    """The procedures a journey is written for."""
    return sorted(p.stem for p in (HERE / "people").glob("*.json"))


def walk(code: str, size: str = "tablet", timeout_s: float = 240) -> dict[str, Any]:
    """The walk's result: counts, or an "error" with what was on screen."""
    return run_walker("walk.py", [code], size, timeout_s) | {"procedure": code}


def composing(rounds: int = 8, idle_s: int = 25, size: str = "tablet",
              timeout_s: float = 300) -> dict[str, Any]:
    """tests/journey/composing.py: Telex words left half-composed, many rounds; the kiosk
    runs with a short idle timeout so that walking away mid-word is tried too."""
    return run_walker("composing.py", ["--rounds", str(rounds), "--idle", str(idle_s)], size,
                      timeout_s, {"KIOSK_IDLE_TIMEOUT_S": str(idle_s),
                                  "KIOSK_IDLE_WARNING_S": str(min(20, idle_s - 1))})


@contextlib.contextmanager
def _display_number() -> Iterator[int]:
    """An X display number no other walk holds. `xvfb-run -a` picks a free one by looking,
    not by locking: two walks started together could pick the same, and the second kiosk
    then found no screen and aborted (seen in CI). Claimed here with an exclusive file,
    released after the walk."""
    for n in range(200 + os.getpid() % 300, 1200):
        claim = Path(tempfile.gettempdir()) / f".journey-display-{n}.lock"
        if Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
            continue
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        try:
            yield n
        finally:
            claim.unlink(missing_ok=True)
        return
    raise RuntimeError("no free X display number")


def run_walker(script: str, args: list[str], size: str, timeout_s: float,
               kiosk_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one walker script against a fresh `kiosk run --demo`; its JSON result. A kiosk
    that could not reach its virtual screen (Xvfb under load, twice in CI, walks started
    together) never ran: the walk is tried again on a new screen, and says so."""
    retries = 0
    result = _run_walker_once(script, args, size, timeout_s, kiosk_env)
    while retries < 2 and "could not connect to display" in result.get("kiosk_log", ""):
        retries += 1
        result = _run_walker_once(script, args, size, timeout_s, kiosk_env)
    if retries:
        result["screen_retries"] = retries
    return result


def _run_walker_once(script: str, args: list[str], size: str, timeout_s: float,
                     kiosk_env: dict[str, str] | None) -> dict[str, Any]:
    code = " ".join(args)
    with tempfile.TemporaryDirectory(prefix="kiosk-journey-") as work, \
            _display_number() as display:
        out = Path(work) / "result.json"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",  # expose the tree to AT-SPI
            "KIOSK_PYTHON": sys.executable,
            "SYSTEM_PYTHON": SYSTEM_PYTHON,
            **(kiosk_env or {}),
            "JOURNEY_WALK": str(HERE / script),
            "JOURNEY_ARGS": code,
            "JOURNEY_SIZE": SIZES.get(size, size),
            "JOURNEY_DATA": str(Path(work) / "data"),
            "JOURNEY_LOG": str(Path(work) / "kiosk.log"),
            "JOURNEY_OUT": str(out),
        }
        env.pop("QT_QUICK_BACKEND", None)
        # Its own process group: on a timeout the screen, the bus, the kiosk and the walker
        # all go, and the suite carries on with a clear failure instead of hanging. Its
        # output goes to a file, not a pipe: a helper left running (the accessibility bus)
        # holding a pipe open would keep the suite waiting after the walk is over.
        errors = Path(work) / "walk.err"
        with errors.open("w", encoding="utf-8") as err:
            process = subprocess.Popen(
                ["xvfb-run", "-n", str(display), "-s", "-screen 0 1920x1920x24",
                 "dbus-run-session", "--",
                 "bash", "-c", _SCRIPT],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                start_new_session=True)
            timed_out = ""
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = f"timed out after {timeout_s:.0f} s; "
            with contextlib.suppress(ProcessLookupError):  # whatever of it still runs
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        stderr = timed_out + errors.read_text(encoding="utf-8", errors="replace")
        if out.exists():
            result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        else:
            result = {"procedure": code, "error": f"the walk wrote nothing (exit "
                      f"{process.returncode}): {stderr[-1500:]}"}
        log = Path(work) / "kiosk.log"
        if "error" in result and log.exists():
            result["kiosk_log"] = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        result["size"] = size
        return result


def table(results: list[dict[str, Any]]) -> str:
    header = ("procedure", "size", "taps", "keys", "of which only the citizen knows", "scrolls",
              "pre-filled")
    rows = [header]
    for r in results:
        if "error" in r:
            rows.append((r["procedure"], r["size"], "failed", "", "", "", ""))
            continue
        rows.append((
            r["procedure"], r["size"],
            f"{r['taps']} (goal ≤ {GOALS['taps']})", f"{r['keys']} (goal ≤ {GOALS['keys']})",
            str(r.get("own_keys", "")),
            f"{r['scrolls']} (goal {GOALS['scrolls']})", f"{r['prefilled']}/{r['fields']}",
        ))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
                     for row in rows)


def main(argv: list[str]) -> int:
    """`make journey`: every procedure at every size; the table; then 20 rounds of words
    left half-composed at each size; 1 if any walk failed."""
    if (why := missing()) is not None:
        print(f"journey: cannot run: {why}", file=sys.stderr)
        return 1
    results = [walk(code, size) for code in people() for size in SIZES]
    for r in results:
        if "error" in r:
            print(f"{r['procedure']} {r['size']}: {r['error'][:600]}", file=sys.stderr)
    print(table(results))
    failed = any("error" in r for r in results)
    for size in SIZES:
        stress = composing(rounds=20, size=size, timeout_s=900)
        said = stress.get("error", "")[:600] or f"{len(stress['log'])} rounds, no crash"
        print(f"words left half-composed, {size}: {said}")
        failed |= "error" in stress
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
