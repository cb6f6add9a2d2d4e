"""Results by post where a province's rule says so (issue 17).

Hà Nội's Public Administrative Service Centre announced that from 1 January 2026 paper
results are sent by post to the address the applicant gives, not handed over at its
branches; Resolution 77/2025/NQ-HĐND pays the postage of dossiers filed online. A province's
overrides file states such a rule once (`result_by_post`: from, which procedures, the line
shown to the citizen, who pays the postage, its sources). For the procedures it names the
form's result place starts on the by-post choice (the citizen may still change it where the
procedure offers another), the address is the card's residence in its 2025 form, and the
review and the receipt say where the result goes and who pays the postage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.forms.model import Text


@dataclass(frozen=True)
class PostRule:
    start: date
    procedures: frozenset[str]
    rule: Text  # one line: results go by post, and since when
    postage: Text  # who pays the postage
    sources: tuple[str, ...]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> PostRule:
        return cls(start=date.fromisoformat(raw["from"]),
                   procedures=frozenset(raw["procedures"]),
                   rule=Text(raw["rule"]["vi"], raw["rule"]["en"]),
                   postage=Text(raw["postage"]["vi"], raw["postage"]["en"]),
                   sources=tuple(raw["sources"]))

    def applies(self, code: str, on: date) -> bool:
        return code in self.procedures and self.start <= on
