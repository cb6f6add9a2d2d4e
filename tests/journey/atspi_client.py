"""A person at the kiosk, through the accessibility bus (AT-SPI), as a screen reader or an
automated tester sees it: controls found only by their role and accessible name, pressed with
their "Press" action, typed into with synthesized key presses (XTest, through the AT-SPI
registry), every tap, key and scroll counted.

Runs under the system Python (Debian python3-pyatspi), not the project's venv: the venv has
no GObject introspection. It imports nothing of the kiosk.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyatspi  # type: ignore[import-not-found]

APP_NAME = "hanoi-kiosk"


class NotFound(AssertionError):  # noqa: N818 (reads as what happened, in a test failure)
    """A control the person looked for is not on screen (the message says what is)."""


@dataclass
class Counts:
    taps: int = 0
    keys: int = 0
    scrolls: int = 0
    log: list[str] = field(default_factory=list)


def _states(node: Any) -> Any:
    try:
        return node.getState()
    except Exception:  # a node that went away while we looked
        return None


def showing(node: Any) -> bool:
    states = _states(node)
    return bool(states and states.contains(pyatspi.STATE_SHOWING)
                and states.contains(pyatspi.STATE_VISIBLE))


def role_of(node: Any) -> str:
    try:
        return str(node.getRoleName())
    except Exception:
        return ""


def name_of(node: Any) -> str:
    try:
        return str(node.name or "")
    except Exception:
        return ""


def actions_of(node: Any) -> list[str]:
    try:
        action = node.queryAction()
    except Exception:  # no Action interface, or the node went away: nothing to do with it
        return []
    return [action.getName(i) for i in range(action.nActions)]


def visible(node: Any) -> bool:
    states = _states(node)
    return bool(states and states.contains(pyatspi.STATE_VISIBLE))


def walk(node: Any, only_showing: bool = True, depth: int = 0) -> Iterator[Any]:
    """Depth-first, in the order a screen reader reads. Hidden subtrees are skipped; with
    only_showing=False, so are invisible ones but not those outside the window (a form's
    questions further down, which the person scrolls to)."""
    if depth > 60 or node is None:
        return
    if depth > 1 and not (showing(node) if only_showing else visible(node)):
        return
    yield node
    try:
        children = list(node)
    except Exception:
        return
    for child in children:
        yield from walk(child, only_showing, depth + 1)


def extents(node: Any) -> tuple[int, int, int, int]:
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return int(box.x), int(box.y), int(box.width), int(box.height)


class Kiosk:
    """The running kiosk's accessible tree, and a counting person in front of it."""

    def __init__(self, timeout_s: float = 60.0) -> None:
        self.counts = Counts()
        self.app = self._wait_for_app(timeout_s)

    @staticmethod
    def _wait_for_app(timeout_s: float) -> Any:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for app in pyatspi.Registry.getDesktop(0):
                if app is not None and name_of(app) == APP_NAME:
                    return app
            time.sleep(0.3)
        raise NotFound(f"no accessible application named {APP_NAME!r} on the bus")

    # ---- looking --------------------------------------------------------------------------
    def find_all(self, role: str | None = None, name: str | None = None,
                 contains: str | None = None) -> list[Any]:
        out = []
        for node in walk(self.app):
            if role is not None and role_of(node) != role:
                continue
            label = name_of(node)
            if name is not None and label != name:
                continue
            if contains is not None and contains.lower() not in label.lower():
                continue
            out.append(node)
        return out

    def options_after(self, box_name: str) -> list[str]:
        """The names of the buttons that follow a text box in reading order (a list sheet's
        options under its search box)."""
        names: list[str] = []
        seen_box = False
        for node in walk(self.app):
            role = role_of(node)
            if not seen_box:
                seen_box = role == "text" and name_of(node) == box_name
            elif role == "push button":
                names.append(name_of(node))
        return names

    def find(self, role: str | None = None, name: str | None = None,
             contains: str | None = None, timeout_s: float = 15.0) -> Any:
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.find_all(role, name, contains)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise NotFound(f"no showing {role or 'control'} named "
                               f"{name or contains!r}; showing: {self.describe()[:3000]}")
            time.sleep(0.15)

    def exists(self, role: str | None = None, name: str | None = None,
               contains: str | None = None) -> bool:
        return bool(self.find_all(role, name, contains))

    def describe(self) -> str:
        return " | ".join(f"{role_of(n)}:{name_of(n)!r}" for n in walk(self.app)
                          if name_of(n) or actions_of(n))

    # ---- acting ---------------------------------------------------------------------------
    # ---- scrolling: a person taps only what they can see -------------------------------
    def viewport(self) -> tuple[int, int] | None:
        """The scrolling area's top and bottom on screen (its scroll bar's), or None."""
        bars = [b for b in self.find_all("scroll bar") if extents(b)[3] > 40]
        if not bars:
            return None
        # The last one read is on top: an open list's, else the page's.
        _, top, _, height = extents(bars[-1])
        return top, top + height

    def scroll(self, down: bool = True) -> bool:
        """One swipe: the content moves by three quarters of what shows, as a finger moves
        it (what shows shrinks when the keyboard is up: a fixed share of the form would jump
        over a whole question). False when already at the end."""
        bars = [b for b in self.find_all("scroll bar") if extents(b)[3] > 40]
        view = self.viewport()
        if not bars or view is None:
            return False
        value = bars[-1].queryValue()
        start = value.currentValue
        end = value.maximumValue if down else value.minimumValue
        if abs(end - start) < 0.5:
            return False
        # The scroll bar counts in a share of the form; how many pixels that is shows by
        # moving a little and watching a line in the middle of the area move.
        middle = (view[0] + view[1]) / 2
        marks = [n for n in walk(self.app) if role_of(n) == "label" and extents(n)[3] > 0
                 and view[0] <= extents(n)[1] <= view[1]]
        mark = min(marks, key=lambda n: abs(extents(n)[1] - middle)) if marks else None
        step = 25.0
        if mark is not None:
            y0 = extents(mark)[1]
            probe = min(end, start + 3) if down else max(end, start - 3)
            value.currentValue = probe
            time.sleep(0.15)
            moved = abs(extents(mark)[1] - y0)
            if moved > 0:
                step = 0.75 * (view[1] - view[0]) * abs(probe - start) / moved
        target = min(end, start + step) if down else max(end, start - step)
        value.currentValue = target
        self.counts.scrolls += 1
        self.counts.log.append("scroll " + ("down" if down else "up"))
        time.sleep(0.25)
        return True

    def in_view(self, node: Any) -> bool:
        view = self.viewport()
        if view is None:
            return True
        _, y, _, height = extents(node)
        centre = y + height / 2
        return view[0] <= centre <= view[1]

    fixed_names: tuple[str, ...] = ()  # controls outside the scrolling area (a bottom bar)

    def reveal(self, node: Any) -> None:
        """Bring a control into the scrolling area's view with one swipe, as a person does:
        the first move tells how far the content travels per step, the rest is exact."""
        if name_of(node).strip().startswith(self.fixed_names) or self.in_view(node):
            return
        view = self.viewport()
        every = self.find_all("scroll bar")
        bars = [b for b in every if extents(b)[3] > 40]
        # The last bar read is on top. A short list open over the page has one too small to
        # count: nothing there to scroll, and the page's bar behind does not move its options.
        if view is None or not bars or every[-1] is not bars[-1]:
            return
        value = bars[-1].queryValue()
        y0 = extents(node)[1]
        start = value.currentValue
        if not self.scroll(down=y0 > view[1]):
            return
        moved_px = y0 - extents(node)[1]
        moved_units = value.currentValue - start
        if moved_units and moved_px:
            per_unit = moved_px / moved_units
            _, y, _, height = extents(node)
            middle = (view[0] + view[1]) / 2
            target = value.currentValue + (y + height / 2 - middle) / per_unit
            value.currentValue = max(value.minimumValue, min(value.maximumValue, target))
            time.sleep(0.25)

    def press(self, node_or_name: Any, role: str = "push button") -> None:
        """One tap: the control's Press action (what a switch user or screen reader does)."""
        node = self.find(role, node_or_name) if isinstance(node_or_name, str) else node_or_name
        self.reveal(node)
        actions = actions_of(node)
        if "Press" not in actions:
            raise NotFound(f"{role_of(node)} {name_of(node)!r} cannot be pressed: {actions}")
        self.counts.log.append(f"tap {name_of(node)!r}")
        node.queryAction().doAction(actions.index("Press"))
        self.counts.taps += 1
        time.sleep(0.15)

    def focus(self, node: Any) -> None:
        """One tap into a text box (the on-screen keyboard opens); none when the kiosk has
        put the cursor there already (a long list opens ready to search)."""
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            self.counts.log.append(f"already typing in {name_of(node)!r}")
            return
        self.reveal(node)
        self.counts.log.append(f"tap into {name_of(node)!r}")
        actions = actions_of(node)
        if "SetFocus" in actions:
            node.queryAction().doAction(actions.index("SetFocus"))
        else:
            node.queryComponent().grabFocus()
        self.counts.taps += 1
        time.sleep(0.3)

    def type(self, keys: str, log: bool = True) -> None:
        """Key presses as a keyboard sends them (Telex letters, digits, space, Enter)."""
        for char in keys:
            if char == "\n":
                keysym = 0xFF0D  # Return
            elif char == "\b":
                keysym = 0xFF08  # BackSpace
            else:
                keysym = ord(char)
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
            self.counts.keys += 1
            time.sleep(0.02)
        if log:
            self.counts.log.append(f"keys {keys!r}")
        time.sleep(0.2)

    def text_of(self, node: Any) -> str:
        try:
            text = node.queryText()
            return str(text.getText(0, text.characterCount))
        except Exception:  # no Text interface (not a text box), or the node went away
            return ""

    def wait_for(self, predicate: Any, timeout_s: float = 30.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > deadline:
                raise NotFound(f"timed out waiting for {what}; showing: {self.describe()[:3000]}")
            time.sleep(0.2)
