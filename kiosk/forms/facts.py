"""The facts a procedure states to citizens, and the sources that confirm them (issue 17).

A citizen trusts the fee, the time, the papers and the agency the kiosk shows; a wrong one
sends them home. Each procedure file has a `sources` table (a legal text with its article,
or an official page, the day it was read and how sure it is) and each fact cites it:
`agency`, every `legal_basis` entry, `fee`, `processing_time`, every document and every
result place. This module lists those facts, checks the citations (an unknown source, a
check date that is not a date or lies ahead) and reports them by age, so that a stale fact
is re-checked before it misleads anyone.

Confidence: `high` (the official text or page itself was read), `medium` (state media, a
legal database or a faithful copy quoting it), `low` (one unofficial source), `unconfirmed`
(nothing official found: the screen asks to confirm at the one-stop counter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

CONFIDENCES = ("high", "medium", "low", "unconfirmed")
_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")
# Below this, a fact is not stated as settled to a citizen.
SETTLED = frozenset({"high", "medium"})


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    checked: date
    confidence: str
    article: str = ""
    url: str = ""

    @property
    def cite(self) -> str:
        where = f", {self.article}" if self.article else ""
        return f"{self.title}{where}" + (f" <{self.url}>" if self.url else "")


@dataclass(frozen=True)
class Fact:
    """One thing the procedure states: where in its file, what (for a person to read), and
    the ids of the sources it cites (empty: none)."""

    location: str
    what: str
    source_ids: tuple[str, ...]


def _refs(raw: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(raw.get("sources", ()))


def facts_of(raw: Mapping[str, Any]) -> Iterator[Fact]:
    """Every fact a procedure file states, in the order the overview screen shows them."""
    agency = raw.get("agency", {})
    yield Fact("agency", f"agency: {agency.get('name', {}).get('vi', '')}", _refs(agency))
    for i, basis in enumerate(raw.get("legal_basis", ())):
        text, refs = (basis, ()) if isinstance(basis, str) else (basis["text"], _refs(basis))
        yield Fact(f"legal_basis[{i}]", f"legal basis: {text}", refs)
    fee = raw.get("fee", {})
    yield Fact("fee", f"fee: {fee.get('basis', '')}", _refs(fee))
    time = raw.get("processing_time", {})
    yield Fact("processing_time",
               f"processing time: {time.get('value', '')} {time.get('unit', '')}", _refs(time))
    for i, doc in enumerate(raw.get("documents", ())):
        yield Fact(f"documents[{i}]", f"paper: {doc['name']['vi']}", _refs(doc))
    for i, place in enumerate(raw.get("result_places", ())):
        yield Fact(f"result_places[{i}]", f"result: {place['name']['vi']}", _refs(place))


def facts_of_overrides(raw: Mapping[str, Any]) -> Iterator[Fact]:
    """Every fact a province's overrides file states: its fees, times and online support."""
    for code, change in raw.get("services", {}).items():
        if "fee" in change:
            fee = change["fee"]
            yield Fact(f"services.{code}.fee", f"{code} fee: {fee.get('basis', '')}",
                       _refs(fee))
        if "processing_time" in change:
            time = change["processing_time"]
            yield Fact(f"services.{code}.processing_time",
                       f"{code} processing time: {time.get('value', '')} {time.get('unit', '')}",
                       _refs(time))
    post = raw.get("result_by_post")
    if post is not None:
        yield Fact("result_by_post", f"results by post: {post.get('rule', {}).get('vi', '')}",
                   _refs(post))
    support = raw.get("online_support")
    if support is not None:
        yield Fact("online_support", f"online support: {support.get('rule', {}).get('vi', '')}",
                   _refs(support))


def sources_of(raw: Mapping[str, Any]) -> dict[str, Source]:
    """The procedure's `sources` table; entries whose date does not parse are left out
    (check_sources says so)."""
    out = {}
    for sid, s in raw.get("sources", {}).items():
        try:
            checked = date.fromisoformat(s["checked"])
        except (KeyError, TypeError, ValueError):
            continue
        out[sid] = Source(sid, s.get("title", ""), checked, s.get("confidence", "unconfirmed"),
                          s.get("article", ""), s.get("url", ""))
    return out


def check_sources(raw: Mapping[str, Any], today: date | None,
                  require: bool = False,
                  facts: Iterable[Fact] | None = None) -> list[tuple[str, str]]:
    """(location, problem) for each bad citation; with `today`, also a check date after it
    (a typo); with `require`, also each fact citing nothing. The kiosk loads its catalogue
    with no `today`: a kiosk whose clock is wrong (a flat clock battery after a power cut)
    must not lose its procedures over a date. `facts`: those of another kind of file (a
    province's overrides); a procedure's by default."""
    problems: list[tuple[str, str]] = []
    table = raw.get("sources", {})
    for sid, s in table.items():
        if not _ID.fullmatch(sid):
            problems.append((f"sources.{sid}", "an id is lower-case letters, digits and _"))
        try:
            checked = date.fromisoformat(s.get("checked", ""))
        except ValueError:
            problems.append((f"sources.{sid}.checked", "not a date (YYYY-MM-DD)"))
            continue
        if today is not None and checked > today:
            problems.append((f"sources.{sid}.checked", f"{checked} is after today ({today})"))
        if s.get("confidence") not in CONFIDENCES:
            problems.append((f"sources.{sid}.confidence", f"one of {', '.join(CONFIDENCES)}"))
    cited: set[str] = set()
    for fact in facts_of(raw) if facts is None else facts:
        for sid in fact.source_ids:
            cited.add(sid)
            if sid not in table:
                problems.append((f"{fact.location}.sources", f"no source {sid!r} in `sources`"))
        if require and not fact.source_ids:
            problems.append((fact.location, f"{fact.what[:60]!r} cites no source"))
    for sid in sorted(set(table) - cited):
        problems.append((f"sources.{sid}", "cited by no fact"))
    return problems


@dataclass(frozen=True)
class FactAge:
    code: str
    fact: Fact
    checked: date | None  # the oldest check among its sources; None: no source
    confidence: str  # the weakest among its sources; "none" without one
    cites: tuple[str, ...]

    def age_days(self, today: date) -> int | None:
        return None if self.checked is None else (today - self.checked).days


def ages(code: str, raw: Mapping[str, Any],
         facts: Iterable[Fact] | None = None) -> list[FactAge]:
    """Each fact with the age of what confirms it (a fact is as old as its oldest source and
    as sure as its least sure one)."""
    table = sources_of(raw)
    out = []
    for fact in facts_of(raw) if facts is None else facts:
        found = [table[s] for s in fact.source_ids if s in table]
        if not found:
            out.append(FactAge(code, fact, None, "none", ()))
            continue
        weakest = max(found, key=lambda s: CONFIDENCES.index(s.confidence)
                      if s.confidence in CONFIDENCES else len(CONFIDENCES))
        out.append(FactAge(code, fact, min(s.checked for s in found), weakest.confidence,
                           tuple(s.cite for s in found)))
    return out


def report(catalogue: Mapping[str, Mapping[str, Any]], today: date,
           stale_after_days: int | None = None,
           overrides: Mapping[str, Any] | None = None) -> list[FactAge]:
    """Every procedure's facts, and those of the province's `overrides` file, oldest first
    (those citing nothing before all); with `stale_after_days`, only those older than that or
    citing nothing."""
    rows = [row for code, raw in sorted(catalogue.items()) for row in ages(code, raw)]
    if overrides is not None:
        rows += ages(f"overrides/{overrides.get('province_code', '?')}", overrides,
                     facts_of_overrides(overrides))
    if stale_after_days is not None:
        rows = [r for r in rows if r.checked is None
                or (today - r.checked).days > stale_after_days]
    return sorted(rows, key=lambda r: (r.checked is not None, r.checked or date.min, r.code))
