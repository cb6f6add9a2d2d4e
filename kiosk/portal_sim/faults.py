"""Fault injection for the reference portal, from a spec string.

SPEC is a comma-separated list; every probability is per request, drawn from one seeded
random generator:

    <status>=<p>[:retry-after=<s>|:retry-after=date:<s>]
                        answer <status> (e.g. 500, 502, 503, 504, 408, 429) without acting;
                        optionally with Retry-After as delta-seconds or as an HTTP-date
    reset-before=<p>    reset the connection before reading or acting on the request
    reset-after=<p>     act on the request, then reset instead of answering (lost response)
    slow=<p>:<duration> wait <duration> before handling (e.g. slow=0.1:2s, 500ms, 1.5)
    down=<t0>-<t1>      reset every connection between t0 and t1 after start (down=10s-20s)
    seed=<n>            seed of the generator (reproducible runs)

Hostile portals (what a broken proxy or a lying server does; each is a test of the kiosk):

    lie-id=<p>          answer a dossier POST or status lookup with 200 naming ANOTHER
                        dossier (and a made-up official code), without acting
    lie-noid=<p>        the same answer without any dossier_id
    lie-service=<p>     the same answer naming the dossier sent but another service_code
    trickle=<p>:<gap>   act, then send the answer (status line, headers, body) one byte per
                        <gap> (e.g. trickle=1:1s): a per-read timeout never fires
    huge=<p>:<size>     answer 200 with a body of <size> bytes (e.g. huge=1:200MB), without
                        acting
    catalogue=<kind>    every catalogue bundle answer is bad in one way: tampered, truncated,
                        cut, replay, unsigned, bare, wrong-key, forged-kid, invalid, bad-hash,
                        other-province (see kiosk.portal_sim.catalogue_publisher)

Example: 500=0.1,503=0.1,429=0.05:retry-after=2,reset-before=0.05,reset-after=0.05,
slow=0.1:2s,down=10s-20s,seed=7
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m)?$")
_SIZE = re.compile(r"^(\d+)(B|KB|MB|GB)?$", re.IGNORECASE)
LIES = ("lie-id", "lie-noid", "lie-service")
BUNDLE_FAULTS = ("tampered", "truncated", "cut", "replay", "unsigned", "bare", "wrong-key",
                 "forged-kid", "invalid", "bad-hash", "other-province")


def parse_size(text: str) -> int:
    m = _SIZE.match(text.strip())
    if not m:
        raise FaultSpecError(f"not a size: {text!r} (use 200MB, 64KB or bytes)")
    unit = (m.group(2) or "B").upper()
    return int(m.group(1)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


class FaultSpecError(ValueError):
    pass


def parse_duration(text: str) -> float:
    m = _DURATION.match(text.strip())
    if not m:
        raise FaultSpecError(f"not a duration: {text!r} (use 2s, 500ms, 1m or seconds)")
    value = float(m.group(1))
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]


@dataclass(frozen=True)
class StatusFault:
    status: int
    probability: float
    retry_after_s: float | None = None
    retry_after_as_date: bool = False


@dataclass(frozen=True)
class FaultSpec:
    statuses: tuple[StatusFault, ...] = ()
    reset_before: float = 0.0
    reset_after: float = 0.0
    slow: float = 0.0
    slow_s: float = 0.0
    down: tuple[tuple[float, float], ...] = ()
    seed: int | None = None
    lies: tuple[tuple[str, float], ...] = ()
    trickle: float = 0.0
    trickle_gap_s: float = 1.0
    huge: float = 0.0
    huge_bytes: int = 0
    catalogue: str | None = None  # one of BUNDLE_FAULTS, for every bundle answer
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str | None) -> FaultSpec:
        if not text or not text.strip():
            return cls()
        statuses: list[StatusFault] = []
        values: dict[str, float] = {}
        down: list[tuple[float, float]] = []
        seed = None
        slow_s = 0.0
        lies: list[tuple[str, float]] = []
        trickle_gap_s = 1.0
        huge_bytes = 0
        catalogue = None
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, rest = item.partition("=")
            if not sep:
                raise FaultSpecError(f"fault {item!r} lacks '='")
            name = name.strip().lower()
            if name.isdigit() and len(name) == 3:
                statuses.append(_status_fault(int(name), rest))
            elif name in ("reset-before", "reset-after"):
                values[name] = _probability(rest)
            elif name == "slow":
                p, _, duration = rest.partition(":")
                values["slow"] = _probability(p)
                slow_s = parse_duration(duration or "1s")
            elif name == "down":
                start, dash, end = rest.partition("-")
                if not dash:
                    raise FaultSpecError(f"down needs start-end, not {rest!r}")
                window = (parse_duration(start), parse_duration(end))
                if window[1] <= window[0]:
                    raise FaultSpecError(f"empty down window {rest!r}")
                down.append(window)
            elif name == "seed":
                seed = int(rest)
            elif name in LIES:
                lies.append((name, _probability(rest)))
            elif name == "trickle":
                p, _, gap = rest.partition(":")
                values["trickle"] = _probability(p)
                trickle_gap_s = parse_duration(gap or "1s")
            elif name == "huge":
                p, _, size = rest.partition(":")
                values["huge"] = _probability(p)
                huge_bytes = parse_size(size or "200MB")
            elif name == "catalogue":
                if rest.strip() not in BUNDLE_FAULTS:
                    raise FaultSpecError(f"catalogue fault is one of {', '.join(BUNDLE_FAULTS)}"
                                         f", not {rest!r}")
                catalogue = rest.strip()
            else:
                raise FaultSpecError(f"unknown fault {name!r}")
        return cls(
            statuses=tuple(statuses),
            reset_before=values.get("reset-before", 0.0),
            reset_after=values.get("reset-after", 0.0),
            slow=values.get("slow", 0.0),
            slow_s=slow_s,
            down=tuple(down),
            seed=seed,
            lies=tuple(lies),
            trickle=values.get("trickle", 0.0),
            trickle_gap_s=trickle_gap_s,
            huge=values.get("huge", 0.0),
            huge_bytes=huge_bytes,
            catalogue=catalogue,
            text=text,
        )


def _probability(text: str) -> float:
    try:
        p = float(text)
    except ValueError:
        raise FaultSpecError(f"not a probability: {text!r}") from None
    if not 0.0 <= p <= 1.0:
        raise FaultSpecError(f"probability out of [0, 1]: {text!r}")
    return p


def _status_fault(status: int, rest: str) -> StatusFault:
    p, _, option = rest.partition(":")
    if status < 400 or status > 599:
        raise FaultSpecError(f"status fault must be 4xx/5xx, not {status}")
    if not option:
        return StatusFault(status, _probability(p))
    name, _, value = option.partition("=")
    if name.strip().lower() != "retry-after":
        raise FaultSpecError(f"unknown option {option!r}")
    as_date = value.startswith("date:")
    seconds = parse_duration(value.removeprefix("date:"))
    return StatusFault(status, _probability(p), seconds, as_date)


@dataclass(frozen=True)
class FaultDecision:
    reset_before: bool = False
    status: StatusFault | None = None
    slow_s: float = 0.0
    reset_after: bool = False
    down: bool = False
    lie: str | None = None  # one of LIES, for dossier POSTs and status lookups
    trickle_gap_s: float = 0.0
    huge_bytes: int = 0

    @property
    def label(self) -> str | None:
        if self.down:
            return "down"
        if self.huge_bytes:
            return "huge"
        if self.lie:
            return self.lie
        if self.trickle_gap_s:
            return "trickle"
        if self.reset_before:
            return "reset-before"
        if self.status:
            return str(self.status.status)
        if self.reset_after:
            return "reset-after"
        return "slow" if self.slow_s else None


class FaultPlan:
    """Thread-safe draws of the faults for each request."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._rng = random.Random(spec.seed)
        self._lock = threading.Lock()
        self.forced_down = False

    def decide(self, elapsed_s: float) -> FaultDecision:
        spec = self.spec
        if self.forced_down or any(a <= elapsed_s < b for a, b in spec.down):
            return FaultDecision(down=True)
        with self._lock:
            draw = self._rng.random
            if spec.reset_before and draw() < spec.reset_before:
                return FaultDecision(reset_before=True)
            slow_s = spec.slow_s if spec.slow and draw() < spec.slow else 0.0
            for fault in spec.statuses:
                if draw() < fault.probability:
                    return FaultDecision(status=fault, slow_s=slow_s)
            reset_after = bool(spec.reset_after) and draw() < spec.reset_after
            # Hostile answers: drawn only when asked for, so older seeds replay the same.
            huge = spec.huge_bytes if spec.huge and draw() < spec.huge else 0
            lie = next((name for name, p in spec.lies if draw() < p), None)
            trickle = spec.trickle_gap_s if spec.trickle and draw() < spec.trickle else 0.0
        return FaultDecision(slow_s=slow_s, reset_after=reset_after, huge_bytes=huge, lie=lie,
                             trickle_gap_s=trickle)
