"""What a doctor check returns, and the table `kiosk doctor` prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from kiosk.config import Settings

OK, WARN, FAIL = "OK", "WARN", "FAIL"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    detail: str
    hint: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


Check = Callable[[Settings], "CheckResult | Sequence[CheckResult]"]


def format_table(results: list[CheckResult]) -> str:
    width = max(len(r.name) for r in results)
    lines = []
    for r in results:
        lines.append(f"{r.status:<4}  {r.name:<{width}}  {r.detail}")
        if r.hint and r.status != OK:
            lines.append(f"{'':<4}  {'':<{width}}  -> {r.hint}")
    return "\n".join(lines)
