"""The fee as a citizen pays it (issue 17): the amount the rule sets for the way the dossier
is filed, then what the province pays for them.

Two things change the amount on the page of a circular. First the channel: Circular
75/2022/TT-BTC, for one, sets 15,000 đ for a temporary-residence registration filed in person
and 7,000 đ filed online; a kiosk that submits the dossier to the portal files online
(settings `filing_channel`). Second the province: Hà Nội's Resolution 77/2025/NQ-HĐND, from
1 January 2026, pays 100% of the fees the Ministry of Finance sets and sets to 0 đ those the
City Council sets, for its procedures filed online. A province's overrides file states such a
rule once (`online_support`: from, until, percent, whose fees, which procedures, the line
shown to the citizen, its sources); `charge` applies it on the day of filing.

The citizen sees the amount they pay and, when a rule changed it, that rule in one line; the
receipt's VietQR asks for exactly that amount, and no VietQR when it is 0 đ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.forms.model import Text

ONLINE = "online"
COUNTER = "counter"
CHANNELS = (ONLINE, COUNTER)


@dataclass(frozen=True)
class OnlineSupport:
    """A province pays `percent` of the fee of a dossier filed online, from `start` (to
    `until`, inclusive, when the rule has an end), for the listed procedures whose fee is set
    by one of `fee_set_by` ("ministry", "province")."""

    start: date
    percent: int
    fee_set_by: frozenset[str]
    procedures: frozenset[str]
    rule: Text
    sources: tuple[str, ...]
    until: date | None = None

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> OnlineSupport:
        until = raw.get("until")
        return cls(start=date.fromisoformat(raw["from"]), percent=int(raw["percent"]),
                   fee_set_by=frozenset(raw["fee_set_by"]),
                   procedures=frozenset(raw["procedures"]),
                   rule=Text(raw["rule"]["vi"], raw["rule"]["en"]),
                   sources=tuple(raw["sources"]),
                   until=date.fromisoformat(until) if until else None)

    def applies(self, code: str, set_by: str | None, channel: str, on: date) -> bool:
        """Whether this rule lowers the fee of procedure `code` filed by `channel` on `on`.
        A fee whose setter is not recorded is not supported: the kiosk would rather ask
        for a fee the city might pay than promise a support it cannot source."""
        return (channel == ONLINE and code in self.procedures and set_by in self.fee_set_by
                and self.start <= on and (self.until is None or on <= self.until))


@dataclass(frozen=True)
class Charge:
    """What the rule sets (`listed_vnd`) and what the citizen pays (`payable_vnd`); `rule`
    is the one line saying why they differ (None: they do not)."""

    listed_vnd: int
    payable_vnd: int
    rule: Text | None = None

    @property
    def supported_vnd(self) -> int:
        return self.listed_vnd - self.payable_vnd


def listed_amount(amount_vnd: int | None, online_amount_vnd: int | None,
                  channel: str) -> int | None:
    """The amount a fixed fee's rule sets for `channel` (None: the fee has no fixed amount)."""
    if channel == ONLINE and online_amount_vnd is not None:
        return online_amount_vnd
    return amount_vnd


def charge(listed_vnd: int, *, code: str, set_by: str | None, channel: str, on: date,
           support: OnlineSupport | None) -> Charge:
    """The fee paid for `listed_vnd` once the province's online support, if any, applies."""
    if listed_vnd <= 0 or support is None or not support.applies(code, set_by, channel, on):
        return Charge(listed_vnd, max(listed_vnd, 0))
    # Rounded to the đồng in the citizen's favour: a part-supported fee is never more than
    # the share the rule leaves to pay.
    payable = listed_vnd * (100 - support.percent) // 100
    return Charge(listed_vnd, payable, support.rule)
