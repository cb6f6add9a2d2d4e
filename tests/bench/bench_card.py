"""Full chip read of the demo card: APDUs, bytes and time, short vs extended length.

Runs against the in-process virtual card (the protocol and crypto cost, no pcscd), with and
without a 15 ms per-APDU delay that stands in for a contactless link. "ideal" is the fewest
APDUs any reader could use: SELECT application + GET CHALLENGE + MUTUAL AUTHENTICATE, then
per file one SELECT and ceil(size / largest answer) READ BINARY.
"""

from __future__ import annotations

import math
import time

from kiosk.devices.access_key import bac_key_candidates
from kiosk.devices.card_session import READ_ORDER, read_card
from kiosk.devices.citizen import demo_citizen
from kiosk.devices.lds import demo_pki
from kiosk.devices.secure_messaging import max_plain_answer
from kiosk.devices.virtual_card import VirtualCard, VirtualCardOptions


def ideal_apdus(sizes: list[int], largest_answer: int) -> int:
    return 3 + sum(1 + math.ceil(size / largest_answer) for size in sizes)


def run(extended: bool, delay_ms: float) -> dict[str, object]:
    citizen = demo_citizen()
    card = VirtualCard.for_citizen(
        citizen, VirtualCardOptions(extended_length=extended, delay_s=delay_ms / 1000))
    keys = bac_key_candidates(citizen.id_number, citizen.date_of_birth, citizen.date_of_issue)
    started = time.perf_counter()
    result = read_card(card.transport(), keys, trust=demo_pki().trust_store())
    seconds = time.perf_counter() - started
    assert result.authentication.passive == "valid"
    sizes = [len(result.files[name]) for name in READ_ORDER if name in result.files]
    largest = max_plain_answer(8, 65536, 2) if extended else max_plain_answer(8, 256, 1)
    return {
        "mode": "extended" if extended else "short",
        "delay_ms": delay_ms,
        "apdus": result.stats.apdus,
        "ideal": ideal_apdus(sizes, largest),
        "bytes": result.stats.bytes,
        "seconds": seconds,
        "max_response": result.stats.max_response,
    }


def main() -> list[dict[str, object]]:
    runs = [run(extended, delay) for extended in (True, False) for delay in (0.0, 15.0)]
    header = f"{'length':<9} {'delay':>6} {'APDUs':>6} {'ideal':>6} {'bytes':>7} {'time':>8}"
    print(header)
    print("-" * len(header))
    for r in runs:
        print(f"{r['mode']:<9} {r['delay_ms']:>4.0f}ms {r['apdus']:>6} {r['ideal']:>6} "
              f"{r['bytes']:>7} {r['seconds']:>7.3f}s")
    return [
        {
            "benchmark": f"full card read, {r['mode']} length, {r['delay_ms']:.0f} ms/APDU",
            "value": round(float(r["seconds"]), 3),  # type: ignore[arg-type]
            "unit": "s",
            "note": (f"{r['apdus']} APDUs (ideal {r['ideal']}), {r['bytes']} bytes, "
                     f"largest answer {r['max_response']}"),
        }
        for r in runs
    ]


if __name__ == "__main__":
    main()
