"""A word still being composed in Telex, then the person does something else: taps "Next"
(refused), switches the language, starts over (the screen changes and the visit is wiped),
or walks away (the idle wipe). Many rounds, through the accessibility bus, on the real
`kiosk run --demo`; the kiosk must still answer after each. A crash of this kind was seen
once (Telex text being composed, then a tap elsewhere).

    python3 tests/journey/composing.py --rounds 8 --out result.json   (system Python)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from atspi_client import Kiosk, NotFound, name_of, role_of, walk

# A box where Telex composes (not the e-mail or phone boxes, which take Latin or digits).
STREET = "Nơi cư trú, Số nhà, đường/phố, thôn/xóm"
# Telex keys whose last letters are still being composed when the person stops typing.
WORDS = {"chaof": "chào", "dduwowngf": "đường", "Nguyeenx": "Nguyễn", "binhf": "bình"}
ACTIONS = ("next", "language", "start over")


def to_first_step(k: Kiosk) -> Any:
    k.press(k.find("push button", contains="Chạm vào đây", timeout_s=30))
    k.press(k.find("push button", contains="Đăng ký khai sinh"))
    k.press(k.find("push button", contains="Bắt đầu làm hồ sơ"))
    k.press(k.find("push button", contains="Tôi đồng ý"))
    k.press(k.find("push button", contains="thẻ mẫu"))
    k.press(k.find("push button", contains="Đúng, tiếp tục", timeout_s=60))
    k.wait_for(lambda: k.exists("label", contains="Bước "), 60, "the form")
    time.sleep(0.5)  # its list lays out its first questions
    # The street box is further down the first step: scroll to it as a person would.
    for _ in range(8):
        found = k.find_all("text", STREET)
        if found:
            return found[0]
        if not k.scroll(down=True):
            break
    raise NotFound(f"no {STREET!r} box: {k.describe()[:2000]}")


def street_text(k: Kiosk) -> str:
    """What the street box holds; scrolled back to when a tap elsewhere scrolled it away."""
    for _ in range(8):
        boxes = [n for n in walk(k.app, only_showing=False)
                 if role_of(n) == "text" and name_of(n) == STREET]
        if boxes:
            return k.text_of(boxes[0])
        if not k.scroll(down=True):
            break
    return ""


def alive(k: Kiosk) -> bool:
    """The kiosk still has its window on the bus and answers a question about it."""
    try:
        return bool(k.find_all("push button"))
    except Exception:  # the application went away
        return False


def one_round(k: Kiosk, i: int) -> str:
    box = to_first_step(k)
    k.focus(box)
    keys, word = list(WORDS.items())[i % len(WORDS)]
    k.type(" " + keys)
    action = ACTIONS[i % len(ACTIONS)]
    if action == "next":
        k.press(k.find("push button", contains="Tiếp tục"))  # refused: the phone is missing
    elif action == "language":
        k.press(k.find("push button", "English"))
        k.press(k.find("push button", "Tiếng Việt"))
    k.wait_for(lambda: alive(k), 10, "the kiosk to answer")
    if action != "start over":  # the word was kept, composed, not lost or left half-done
        k.wait_for(lambda: street_text(k).endswith(" " + word), 5,
                   f"{word!r} kept in the box after {action} (it holds {street_text(k)!r})")
    k.press(k.find("push button", contains="Làm lại từ đầu"))  # a screen change and a wipe
    k.wait_for(lambda: k.exists(contains="Chạm vào đây"), 20, "the attract screen")
    return f"round {i}: {keys!r} then {action}: no crash, {word!r} kept"


def walk_away(k: Kiosk, idle_s: float) -> str:
    """A word being composed when the person leaves: the idle timeout wipes the visit."""
    box = to_first_step(k)
    k.focus(box)
    k.type(" Phamj Quoocs")
    deadline = time.monotonic() + idle_s + 30
    while time.monotonic() < deadline and not k.exists(contains="Chạm vào đây"):
        time.sleep(1)
    if not k.exists(contains="Chạm vào đây"):
        raise NotFound(f"no idle wipe after {idle_s + 30:.0f} s: {k.describe()[:1500]}")
    if any("Quoo" in name_of(n) for n in k.find_all()):
        raise AssertionError("what was typed outlived the idle wipe")
    return "walked away mid-word: wiped by the idle timeout"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--idle", type=float, default=0, help="the kiosk's idle timeout, s")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    k = Kiosk()
    log: list[str] = []
    result: dict[str, Any]
    try:
        for i in range(args.rounds):
            log.append(one_round(k, i))
        if args.idle:
            log.append(walk_away(k, args.idle))
        result = {"rounds": args.rounds, "log": log}
    except Exception as exc:  # what was on screen is what helps
        result = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc(),
                  "log": log + k.counts.log[-30:]}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    time.sleep(0.5)
    raise SystemExit(main())
