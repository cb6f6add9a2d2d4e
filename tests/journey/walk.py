"""Walk one procedure on the running kiosk as a person would, through the accessibility bus,
from the attract screen to the receipt, and print what it cost: taps, key presses, scrolls,
and how many of the fields about people and places the kiosk filled in by itself.

    python3 tests/journey/walk.py 1.001193 --out result.json     (system Python, pyatspi)

What the person knows is in tests/journey/people/<code>.json, in words, keyed by the
question's label as the screen shows it (never by an internal id): the walker reads the
screen, finds each question by its label, and answers only what is not answered yet.
It finds controls by role and accessible name only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyatspi  # type: ignore[import-not-found]
from atspi_client import (
    Kiosk,
    NotFound,
    name_of,
    role_of,
    walk,
)
from telex_keys import strip_accents, telex_keys

PEOPLE = Path(__file__).resolve().parent / "people"
CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "catalogue"
NEXT = "Tiếp tục"
# Always on screen, below or beside the scrolling form: never scrolled to, never an answer.
BOTTOM_BAR = ("‹", NEXT, "Huỷ", "Xác nhận", "✓", "Xem lại hồ sơ", "Bắt đầu làm hồ sơ")
SEARCH_BOX = "Tìm trong danh sách"
SAMPLE_PAPER = "Dùng giấy tờ mẫu (chế độ thử)"
READ_THEIR_CARD = "Đọc thẻ căn cước của người này"
THEY_AGREE = "Người có thẻ đồng ý"
SAMPLE_CARD = "Thẻ mẫu: "  # + the holder's name, in the demo's other-card sheet
PERSON_PARTS = {"full_name": "Họ và tên", "id_number": "Số định danh cá nhân",
                "date_of_birth": "Ngày sinh"}
ADDRESS_PARTS = {"province": "Tỉnh/thành phố", "commune": "Phường/xã",
                 "street": "Số nhà, đường/phố, thôn/xóm"}


def checked(node: Any) -> bool:
    states = node.getState()
    return bool(states.contains(pyatspi.STATE_CHECKED))


class Journey:
    def __init__(self, kiosk: Kiosk, knowledge: dict[str, Any]) -> None:
        self.k = kiosk
        self.know = knowledge
        self.answers: dict[str, Any] = knowledge["answers"]
        self.current_label = ""  # the question being answered
        # Every question's label (the screen shows them): where one question's controls end.
        form = json.loads((CATALOGUE / f"{knowledge['code']}.json").read_text("utf-8"))["form"]
        self.labels = set(self.answers) | {f["label"]["vi"] for g in form["groups"]
                                           for f in g["fields"]}
        # What a text question offers to pick (Hà Nội's maternity hospitals, purposes...):
        # the person picks what is there and types the rest.
        self.offered: dict[str, set[str]] = {}
        for g in form["groups"]:
            for f in g["fields"]:
                listed = f.get("suggestions") or []
                if isinstance(listed, str):
                    listed = [listed]
                if all(isinstance(name, str) for name in listed):  # shared lists
                    listed = [c for name in listed for c in json.loads(
                        (CATALOGUE / "lists" / f"{name[1:]}.json").read_text("utf-8"))["choices"]]
                self.offered.setdefault(f["label"]["vi"], set()).update(
                    c["label"]["vi"] for c in listed)
        self.fields_seen: dict[str, bool] = {}  # label -> the kiosk had filled it
        self.own_keys = 0  # keys typing what no card, list or earlier answer could give

    # ---- the screens before the form ------------------------------------------------------
    def start(self) -> None:
        k = self.k
        k.press(k.find("push button", contains="Chạm vào đây"))
        k.press(self.tile())
        k.press(k.find("push button", contains="Bắt đầu làm hồ sơ"))
        k.press(k.find("push button", contains="Tôi đồng ý"))
        k.press(k.find("push button", contains="thẻ mẫu"))
        k.press(k.find("push button", contains="Đúng, tiếp tục", timeout_s=60))

    def tile(self) -> Any:
        """The procedure's tile on the home screen; below the window (a longer catalogue
        than the screen holds) the person scrolls down to it. The tile is named so or
        starts so: "Đăng ký thường trú" is also inside the combined procedure's and the
        removal's names."""
        k, name = self.k, self.know["procedure"]
        k.find("radio button", name="Tất cả thủ tục")  # the home screen is up
        for _ in range(8):
            tiles = k.find_all("push button")
            found = ([t for t in tiles if name_of(t) == name]
                     or [t for t in tiles if name_of(t).startswith(name)])
            if found:
                return found[0]
            if not k.scroll(down=True):
                break
        return k.find("push button", name=name, timeout_s=1)  # NotFound, saying what shows

    # ---- one step of the form -------------------------------------------------------------
    def step_label(self) -> str:
        found = self.k.find_all("label", contains="Bước ")
        return name_of(found[0]) if found else ""

    def form_nodes(self) -> list[Any]:
        # Visible, not necessarily inside the window: the questions further down the form
        # are there to scroll to (the kiosk hides what is outside its scrolling area).
        return list(walk(self.k.app, only_showing=False))

    def fields_on_screen(self) -> list[tuple[str, list[Any]]]:
        """(label, the controls after it up to the next question), in reading order. The
        kiosk shows only what is inside its scrolling area: controls above the first label
        on screen belong to the question being answered, whose label has scrolled away."""
        out: list[tuple[str, list[Any]]] = []
        leading: list[Any] = []
        for node in self.form_nodes():
            role, name = role_of(node), name_of(node)
            if role == "label" and name in self.labels:
                if not out or out[-1][0] != name:
                    out.append((name, []))
                continue
            if role in ("push button", "radio button", "check box", "text", "combo box",
                        "entry"):
                (out[-1][1] if out else leading).append(node)
        if self.current_label and all(name != self.current_label for name, _ in out):
            out.insert(0, (self.current_label, leading))
        return out

    def answer_step(self) -> None:
        """Each question once, top to bottom; the screen is read again after every answer
        (an answer can add, remove or rebuild the questions below it)."""
        done: set[str] = set()
        title, step_answers = self.step_section()
        for _ in range(200):
            pending = [(lbl, ctl) for lbl, ctl in self.fields_on_screen() if lbl not in done]
            if not pending:
                # Questions further down may appear only once scrolled to.
                if self.k.scroll(down=True):
                    continue
                if self.add_entry(done):  # an entry of a repeated group still to add
                    continue
                return
            label, controls = pending[0]
            done.add(label)
            want = step_answers.get(label, self.answers.get(label))
            if want is None or label == title:
                continue
            if self.is_section(want):  # an entry of a repeated group ("Người 2")
                done |= self.answer_entry(label, want)
                continue
            self.current_label = label
            try:
                filled = self.answered(label, label, want, controls)
            finally:
                self.current_label = ""
            self.k.counts.log.append(f"{label}: {'already filled' if filled else 'answered'}")
            self.fields_seen.setdefault(label, filled)

    def answered(self, key: str, label: str, want: Any, controls: list[Any]) -> bool:
        """answer(), counting the keys of what only the citizen can know (their phone, a new
        address, a workplace, a baby with no card yet): the people file names those."""
        before = self.k.counts.keys
        filled = self.answer(label, want, controls)
        if key in self.know.get("only_they_know", {}):
            self.own_keys += self.k.counts.keys - before
        return filled

    def answer(self, label: str, want: Any, controls: list[Any]) -> bool:
        """Answer one question; True when the kiosk had already answered it as wanted."""
        for _ in range(6):  # its controls may still be below the window: scroll to them
            if [c for c in controls if not self.is_bottom_bar(c)]:
                break
            if not self.k.scroll(down=True):
                break
            controls = self.controls_of(label)
        radios = [c for c in controls if role_of(c) in ("radio button", "check box")]
        texts = [c for c in controls if role_of(c) in ("text", "entry")]
        combos = [c for c in controls if role_of(c) == "combo box"]
        buttons = [c for c in controls if role_of(c) == "push button"]
        if want == "sample paper":
            if any(name_of(b) == SAMPLE_PAPER for b in buttons):
                self.k.press(next(b for b in buttons if name_of(b) == SAMPLE_PAPER))
                self.k.wait_for(lambda: self.k.exists(contains="Đã đính kèm"), 20, "attached")
                return False
            return True
        if want is True and len(radios) == 1:  # a statement to agree to
            if checked(radios[0]):
                return True
            self.k.press(radios[0])
            return False
        if isinstance(want, bool):
            want = "Có" if want else "Không"
        picked = want["pick"] if isinstance(want, dict) and set(want) == {"pick"} else want
        for _ in range(3):  # the list to pick from is just below its box: scroll to it
            if combos or not texts or not isinstance(picked, str) or not (
                    picked in self.offered.get(label, ()) or picked is not want):
                break
            if not self.k.scroll(down=True):
                break
            combos = [c for c in self.controls_of(label) if role_of(c) == "combo box"]
        if isinstance(want, dict) and set(want) == {"pick"}:
            # A text answer the kiosk offers from what it knows (an address it holds).
            if not combos:
                raise NotFound(f"{label}: nothing offered to pick {want['pick']!r} from")
            return self.pick(combos[0], want["pick"])
        if combos and texts and isinstance(want, str) and want not in self.offered.get(label, ()):
            return self.type_into(texts[0], str(want))  # not on the list: typed
        if isinstance(want, dict) and any(p in want for p in PERSON_PARTS):
            return self.person(label, want, controls)
        if isinstance(want, dict):
            return self.address(label, want, controls)
        if radios and not any(name_of(r) == want for r in radios):
            radios = self.more_options(label, want) or radios  # the rest is further down
        if radios:
            chosen = [r for r in radios if name_of(r) == want]
            if not chosen:
                raise NotFound(f"{label}: no option {want!r} among "
                               f"{[name_of(r) for r in radios]}")
            if checked(chosen[0]):
                return True
            self.k.press(chosen[0])
            return False
        if combos:
            return self.pick(combos[0], want)
        date = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(want))
        if date:
            self.part(label, lambda n: name_of(n).startswith(f"{label}, Năm"))
            return self.date(label, date.groups(), self.controls_of(label))
        if texts:
            return self.type_into(texts[0], str(want))
        raise NotFound(f"{label}: nothing to answer with among "
                       f"{[(role_of(c), name_of(c)) for c in controls]}")

    def type_into(self, box: Any, want: str) -> bool:
        have = self.k.text_of(box)
        if have == want:
            return True
        if have and want.startswith(have):
            self.k.focus(box)
            self.k.type(telex_keys(want[len(have):]))
            return False
        self.k.focus(box)
        if have:  # select all and replace: one long press, counted as a tap
            box.queryEditableText().deleteText(0, len(have))
            self.k.counts.taps += 1
        self.k.type(telex_keys(want) if not want.isdigit() else want)
        return False

    def pick(self, combo: Any, want: str) -> bool:
        current = name_of(combo).split(": ", 1)[-1]
        if current == want:
            return True
        self.k.press(combo)
        option = None
        if not self.k.find_all("push button", want):
            box = self.k.find_all("text", SEARCH_BOX)
            if box:
                self.search(box[0], want)
        option = self.k.find("push button", want)
        self.k.press(option)
        return False

    def search(self, box: Any, want: str) -> None:
        """Type into a list's search box as a person does: plain letters (the search ignores
        accents), a key at a time, stopping once the wanted option is among the first three."""
        self.k.focus(box)
        letters = strip_accents(" ".join(want.split()[-2:])).lower()
        typed = ""
        for key in letters:
            self.k.type(key, log=False)
            typed += key
            if key == " " or len(typed) < 2:
                continue
            if want in self.k.options_after(SEARCH_BOX)[:3]:
                break
        self.k.counts.log.append(f"keys {typed!r}")
        self.k.counts.log.append(f"search box shows {self.k.text_of(box)!r}")

    def date(self, label: str, parts: tuple[str, ...], controls: list[Any]) -> bool:
        day, month, year = (int(parts[0]), int(parts[1]), parts[2])
        prefix = f"{label}, "
        return self.date_parts(prefix, day, month, year, controls)

    def date_parts(self, prefix: str, day: int, month: int, year: str,
                   controls: list[Any]) -> bool:
        was_filled = True
        day_button = [c for c in controls if name_of(c).startswith(prefix + "Ngày")]
        month_button = [c for c in controls if name_of(c).startswith(prefix + "Tháng")]
        year_box = [c for c in controls if name_of(c) == prefix + "Năm"]
        if day_button and name_of(day_button[0]) != f"{prefix}Ngày {day}":
            self.k.press(day_button[0])
            self.k.press(self.k.find("push button", str(day)))
            was_filled = False
            controls = self.controls_of_prefix(prefix)
            month_button = [c for c in controls if name_of(c).startswith(prefix + "Tháng")]
            year_box = [c for c in controls if name_of(c) == prefix + "Năm"]
        if month_button and name_of(month_button[0]) != f"{prefix}Tháng {month}":
            # Choosing the day opens the month's list by itself, a moment later.
            deadline = time.monotonic() + 2
            while (not self.k.find_all("push button", f"Tháng {month}")
                   and time.monotonic() < deadline):
                time.sleep(0.1)
            if not self.k.find_all("push button", f"Tháng {month}"):
                self.k.press(month_button[0])
            self.k.press(self.k.find("push button", f"Tháng {month}"))
            was_filled = False
            controls = self.controls_of_prefix(prefix)
            year_box = [c for c in controls if name_of(c) == prefix + "Năm"]
        if year_box:
            was_filled = self.type_into(year_box[0], year) and was_filled
        return was_filled

    def person(self, label: str, want: dict[str, str], controls: list[Any]) -> bool:
        if want.get("card"):
            self.show_card(label, want)
        was_filled = True
        for part, value in want.items():
            if part not in PERSON_PARTS:
                continue
            if part == "date_of_birth":
                prefix = f"{label}, {PERSON_PARTS[part]}, "
                self.part(label, lambda n, p=prefix: name_of(n).startswith(p))
                d, m, y = value.split("/")
                was_filled = self.date_parts(prefix, int(d), int(m), y,
                                             self.controls_of(label)) and was_filled
                continue
            name = f"{label}, {PERSON_PARTS[part]}"
            box = self.part(label, lambda n, name=name: name_of(n) == name)
            was_filled = self.type_into(box, value) and was_filled
        return was_filled

    def show_card(self, label: str, want: dict[str, str]) -> None:
        """The person is here with their own card: tap "read this person's card", they
        agree, their card goes on the (demo's virtual) reader; the kiosk fills them in."""
        button = self.part(label, lambda n: role_of(n) == "push button"
                           and name_of(n) == f"{label}, {READ_THEIR_CARD}")
        self.k.press(button)
        self.k.press(self.k.find("push button", contains=THEY_AGREE))
        self.k.press(self.k.find("push button", SAMPLE_CARD + want["full_name"]))
        id_box = f"{label}, {PERSON_PARTS['id_number']}"
        self.k.wait_for(lambda: any(
            self.k.text_of(c) == want["id_number"] for c in self.controls_of(label)
            if name_of(c) == id_box), 30, f"{label}: filled from the card")

    def address(self, label: str, want: dict[str, str], controls: list[Any]) -> bool:
        same = [c for c in controls if role_of(c) == "push button"
                and name_of(c).startswith("Giống") and want["street"] in name_of(c)
                and want["commune"] in name_of(c)]
        if same:  # "Same as: the father's residence" says exactly this address
            self.k.press(same[0])
            return False
        was_filled = True
        for part in ("province", "commune"):
            name = f"{label}, {ADDRESS_PARTS[part]}"
            combo = self.part(label, lambda n, name=name: name_of(n).startswith(name + ":"))
            was_filled = self.pick(combo, want[part]) and was_filled
        street = f"{label}, {ADDRESS_PARTS['street']}"
        box = self.part(label, lambda n: name_of(n) == street)
        return self.type_into(box, want["street"]) and was_filled

    def part(self, label: str, wanted: Any) -> Any:
        """One control of a question, read afresh (each answer rebuilds the form); when it
        is below the window the person scrolls down to it."""
        for down in (True, False):  # further down; else back up, past where it was
            for _ in range(8):
                found = [c for c in self.controls_of(label) if wanted(c)]
                if found:
                    return found[0]
                if not self.k.scroll(down=down):
                    break
        raise NotFound(f"{label}: a part is missing; showing: {self.k.describe()[:2000]}")

    @staticmethod
    def is_bottom_bar(node: Any) -> bool:
        return name_of(node).strip().startswith(BOTTOM_BAR)

    def controls_of_prefix(self, prefix: str) -> list[Any]:
        return [n for n in self.form_nodes() if name_of(n).startswith(prefix)]

    def controls_of(self, label: str) -> list[Any]:
        for name, controls in self.fields_on_screen():
            if name == label:
                return controls
        return []

    def more_options(self, label: str, want: Any) -> list[Any]:
        """A question's options when the one wanted is below the window: the person scrolls
        down until it shows (the kiosk shows only what is inside its scrolling area)."""
        for _ in range(6):
            if not self.k.scroll(down=True):
                break
            options = [c for c in self.controls_of(label)
                       if role_of(c) in ("radio button", "check box")]
            if any(name_of(o) == want for o in options):
                return options
        return []

    # ---- sections: a step's or a repeated entry's own answers ------------------------------
    # A question label can recur: the deceased's "Họ tên, số định danh, ngày sinh" after the
    # declarant's, or every entry of a repeated group ("Người 1", "Người 2") with the same
    # questions. The person's answers for those are grouped under the heading the screen
    # shows above them: the step's title, or the entry's heading.
    @staticmethod
    def is_section(want: Any) -> bool:
        return isinstance(want, dict) and bool(want) and not any(
            part in want for part in (*PERSON_PARTS, *ADDRESS_PARTS, "pick"))

    def entry_heading(self) -> re.Pattern[str]:
        """An entry's heading as the screen shows it: the group's item label and a number."""
        if not hasattr(self, "_entry_heading"):
            form = json.loads((CATALOGUE / f"{self.know['code']}.json").read_text("utf-8"))
            items = [re.escape(g["repeat"]["item_label"]["vi"]) for g in form["form"]["groups"]
                     if g.get("repeat")] or ["(?!)"]
            self._entry_heading = re.compile(rf"({'|'.join(items)}) (\d+)")
        return self._entry_heading

    def step_section(self) -> tuple[str, dict[str, Any]]:
        """The step's title and its own answers, when the person has some under it."""
        for key, want in self.answers.items():
            if (self.is_section(want) and not self.entry_heading().fullmatch(key)
                    and self.k.exists("label", name=key)):
                return key, want
        return "", {}

    @contextmanager
    def within(self, heading: str) -> Iterator[None]:
        """Read the form as only one entry of a repeated group: its heading to the next.
        A heading scrolled out of the window is not on screen: what is above the first
        heading shown belongs to the entry before it, and with no heading shown the window is
        all inside the entry being answered (the person only scrolls down through it)."""
        whole = self.form_nodes
        number = int(heading.rsplit(" ", 1)[1])

        def entry_nodes() -> list[Any]:
            nodes = whole()
            heads: list[tuple[int, int]] = []  # (where in the form, which entry)
            for i, node in enumerate(nodes):
                seen = self.entry_heading().fullmatch(name_of(node)) \
                    if role_of(node) == "label" else None
                if seen and heading.startswith(seen.group(1) + " "):
                    heads.append((i, int(seen.group(2))))
            if not heads:
                return nodes
            out = nodes[:heads[0][0]] if heads[0][1] == number + 1 else []
            for (i, which), (end, _) in zip(heads, [*heads[1:], (len(nodes), 0)], strict=True):
                if which == number:
                    out += nodes[i + 1:end]
            return out

        self.form_nodes = entry_nodes  # type: ignore[method-assign]
        try:
            yield
        finally:
            del self.form_nodes

    def answer_entry(self, heading: str, wants: dict[str, Any]) -> set[str]:
        """One entry's questions, top to bottom, from its own answers; the labels it has."""
        done: set[str] = set()
        with self.within(heading):
            for _ in range(60):
                pending = [(lbl, c) for lbl, c in self.fields_on_screen() if lbl not in done]
                if not pending:
                    if set(wants) <= done or not self.k.scroll(down=True):
                        break
                    continue
                label, controls = pending[0]
                done.add(label)
                if label not in wants:
                    continue
                self.current_label = label
                try:
                    filled = self.answered(f"{heading}: {label}", label, wants[label], controls)
                finally:
                    self.current_label = ""
                self.k.counts.log.append(
                    f"{heading}: {label}: {'already filled' if filled else 'answered'}")
                self.fields_seen.setdefault(f"{heading}: {label}", filled)
        return done

    def add_entry(self, done: set[str]) -> bool:
        """At the end of a repeated group's step: add the next entry the person has answers
        for ("+ Thêm người" under "Người 1") and answer it; False when there is none here."""
        buttons: dict[str, list[Any]] = {}  # one look per group, not one per entry
        for key, want in self.answers.items():
            heading = self.entry_heading().fullmatch(key)
            if not heading or key in done or not self.is_section(want):
                continue
            item = heading.group(1).lower()
            if item not in buttons:
                buttons[item] = self.k.find_all("push button", contains=f"Thêm {item}")
            add = buttons[item]
            if not add:
                continue
            before = self.k.describe()
            self.k.press(add[0])
            # The kiosk shows the new, empty entry (its heading may be just above the window).
            self.k.wait_for(lambda b=before: self.k.describe() != b, 10, f"the new entry {key!r}")
            done.add(key)
            done |= self.answer_entry(key, want)
            return True
        return False

    # ---- the whole visit ------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        k = self.k
        self.start()
        k.wait_for(lambda: bool(self.step_label()), 60, "the form")
        for _ in range(30):
            if k.exists("push button", contains="Xác nhận và nộp"):
                break
            before = self.step_label()
            self.answer_step()
            onward = k.find_all("push button", contains=NEXT) or k.find_all(
                "push button", contains="Xem lại hồ sơ")
            if not onward:
                raise NotFound(f"no way on from {before!r}: {k.describe()[:2000]}")
            k.press(onward[0])
            k.wait_for(lambda b=before: self.step_label() != b
                       or k.exists("push button", contains="Xác nhận và nộp"), 10,
                       f"the step after {before!r} (refused?)")
        k.press(k.find("push button", contains="Xác nhận và nộp"))
        k.wait_for(lambda: k.exists(contains="Mã hồ sơ"), 60, "the receipt")
        prefilled = sum(1 for v in self.fields_seen.values() if v)
        # A name in the people file that the walk never met would count nothing, silently.
        unmet = set(self.know.get("only_they_know", {})) - set(self.fields_seen)
        if unmet:
            raise NotFound(f"only_they_know names questions never met: {sorted(unmet)}")
        return {
            "procedure": self.know["code"], "taps": k.counts.taps, "keys": k.counts.keys,
            "scrolls": k.counts.scrolls, "prefilled": prefilled, "own_keys": self.own_keys,
            "fields": len(self.fields_seen), "log": k.counts.log,
        }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("code")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    knowledge = json.loads((PEOPLE / f"{args.code}.json").read_text(encoding="utf-8"))
    kiosk = Kiosk()
    kiosk.fixed_names = BOTTOM_BAR
    journey = Journey(kiosk, knowledge)
    try:
        result = journey.run()
    except Exception as exc:  # what was on screen is what helps
        result = {"procedure": args.code, "error": f"{type(exc).__name__}: {exc}",
                  "trace": traceback.format_exc(), "log": kiosk.counts.log}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k not in ("log", "trace")},
                     ensure_ascii=False))
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    time.sleep(0.5)
    raise SystemExit(main())
