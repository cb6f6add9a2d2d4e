"""Full chip read of the demo card: APDUs, bytes and time, short vs extended length; and
the access handshakes side by side: BAC, PACE on several domains, Chip + Active
Authentication.

Runs against the in-process virtual card (the protocol and crypto cost, no pcscd), with and
without a 15 ms per-APDU delay that stands in for a contactless link. "ideal" is the fewest
APDUs any reader could use: SELECT application + GET CHALLENGE + MUTUAL AUTHENTICATE, then
per file one SELECT and ceil(size / largest answer) READ BINARY. (The full reads use the BAC
keys, as before PACE, plus the CA/AA exchanges, which the ideal does not count.) Handshake
times include both sides' crypto, the virtual chip's as well as the reader's.
"""

from __future__ import annotations

import math
import time

from kiosk.devices.card.access_key import CardAccess, bac_key_candidates
from kiosk.devices.card.card_session import READ_ORDER, read_card
from kiosk.devices.card.secure_messaging import max_plain_answer
from kiosk.devices.card.transport import CountingTransport
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.pki import demo_pki
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions

HANDSHAKES = [  # (label, card options, PACE?)
    ("BAC", {"pace": False}, False),
    ("PACE brainpoolP256r1 AES-128", {}, True),
    ("PACE secp256r1 AES-128", {"pace_curve": "secp256r1"}, True),
    ("PACE brainpoolP384r1 AES-256", {"pace_curve": "brainpoolP384r1",
                                      "pace_cipher": "AES-256"}, True),
    ("PACE modp2048_224 AES-128 (DH)", {"pace_curve": "modp2048_224"}, True),
]


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


def handshake(options: dict[str, object], pace: bool, delay_ms: float = 0.0,
              repeat: int = 5) -> tuple[float, int]:
    """(seconds per handshake, APDUs): opening the chip, up to the application selected under
    secure messaging, best of `repeat`."""
    from kiosk.devices.card.session_access import open_access

    citizen = demo_citizen()
    card = VirtualCard.for_citizen(citizen, VirtualCardOptions(delay_s=delay_ms / 1000,
                                                               **options))  # type: ignore[arg-type]
    expiry = citizen.date_of_expiry
    keys = [k for k in bac_key_candidates(citizen.id_number, citizen.date_of_birth)
            if expiry is not None and k.date_of_expiry == expiry.strftime("%y%m%d")]
    access = CardAccess(can=citizen.id_number[-6:]) if pace else CardAccess(bac=tuple(keys),
                                                                             pace=False)
    best, apdus = float("inf"), 0
    for _ in range(repeat):
        counting = CountingTransport(card.transport())
        started = time.perf_counter()
        open_access(counting, access)
        best = min(best, time.perf_counter() - started)
        apdus = counting.stats.apdus
    return best, apdus


def chip_checks(repeat: int = 5) -> tuple[float, int]:
    """Chip Authentication (with its verifying read) + Active Authentication, after PACE."""
    from kiosk.devices.card.chip_checks import active_authentication, chip_authentication
    from kiosk.devices.card.session_access import open_access
    from kiosk.devices.simulator.lds_builder import build_card_files

    citizen = demo_citizen()
    files = build_card_files(citizen, demo_pki())
    card = VirtualCard.for_citizen(citizen)
    best, apdus = float("inf"), 0
    for _ in range(repeat):
        counting = CountingTransport(card.transport())
        channel, _used = open_access(counting, CardAccess(can=citizen.id_number[-6:]))
        before = counting.stats.apdus
        started = time.perf_counter()
        (status, _), new = chip_authentication(channel, counting, files)
        assert status == "valid" and new is not None
        assert active_authentication(new, files)[0] == "valid"
        best = min(best, time.perf_counter() - started)
        apdus = counting.stats.apdus - before
    return best, apdus


def handshake_rows() -> list[dict[str, object]]:
    print(f"\n{'handshake':<32} {'APDUs':>6} {'0 ms/APDU':>10} {'15 ms/APDU':>11}")
    rows: list[dict[str, object]] = []
    for label, options, pace in HANDSHAKES:
        seconds, apdus = handshake(options, pace)
        slow, _ = handshake(options, pace, delay_ms=15.0, repeat=2)
        print(f"{label:<32} {apdus:>6} {seconds * 1000:>8.1f}ms {slow * 1000:>9.1f}ms")
        rows.append({"benchmark": f"{label} handshake", "value": round(seconds * 1000, 1),
                     "unit": "ms", "note": f"{apdus} APDUs; {slow * 1000:.0f} ms at 15 ms/APDU"})
    seconds, apdus = chip_checks()
    print(f"{'Chip + Active Authentication':<32} {apdus:>6} {seconds * 1000:>8.1f}ms")
    rows.append({"benchmark": "Chip + Active Authentication", "value": round(seconds * 1000, 1),
                 "unit": "ms", "note": f"{apdus} APDUs (MSE, GA, verifying SELECT + READ, "
                 "INTERNAL AUTHENTICATE)"})
    return rows


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
    ] + handshake_rows()


if __name__ == "__main__":
    main()
