"""Provisional dossier codes: shape, check character, uniqueness across kiosks and restarts."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.iso7064 import mod_37_2

from kiosk.dossier.local_code import (
    ALPHABET,
    LocalCodeAllocator,
    LocalCodeError,
    LocalCodeStoreError,
    base36,
    check_character,
    format_local_code,
    kiosk_tag,
    parse_local_code,
    validate_local_code,
)

DAY = date(2026, 11, 24)


def issued_codes(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        agency = f"H{rnd.randrange(10, 99)}.{rnd.randrange(100):02d}.{rnd.randrange(100):02d}"
        tag = "".join(rnd.choice(ALPHABET) for _ in range(3))
        code = format_local_code(agency, date(2026, rnd.randrange(1, 13), rnd.randrange(1, 29)),
                                 tag, rnd.randrange(1, 46000))
        if code is not None:
            out.append(code)
    return out


def test_shape_and_parse() -> None:
    code = format_local_code("H26.22.01", DAY, "7QX", 1)
    assert code is not None
    assert code.startswith("H26.22.01-261124-K7QX001")
    parsed = parse_local_code(code.lower())
    assert (parsed.agency_code, parsed.day, parsed.kiosk_tag, parsed.counter) == (
        "H26.22.01", DAY, "7QX", 1)


@pytest.mark.parametrize("bad", ["", "H26.22.01-261124", "H26.22.01-261340-K7QX0010",
                                 "H26.22.01-261124-X7QX0010", "H26.22.01-261124-K7QX01"])
def test_malformed_codes_are_refused(bad: str) -> None:
    assert not validate_local_code(bad)
    with pytest.raises(LocalCodeError) as caught:
        parse_local_code(bad)
    assert caught.value.message_vi and caught.value.message_en


def test_every_single_character_substitution_is_detected() -> None:
    for code in issued_codes(60):
        for i, ch in enumerate(code):
            if not ch.isalnum():
                continue
            for other in ALPHABET:
                if other != ch:
                    assert not validate_local_code(code[:i] + other + code[i + 1:]), (code, i)


def test_every_adjacent_transposition_is_detected() -> None:
    for code in issued_codes(300, seed=11):
        positions = [i for i, ch in enumerate(code) if ch.isalnum()]
        for a, b in itertools.pairwise(positions):
            if code[a] == code[b]:
                continue
            swapped = list(code)
            swapped[a], swapped[b] = swapped[b], swapped[a]
            assert not validate_local_code("".join(swapped)), (code, a, b)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 46655), st.text(alphabet=ALPHABET, min_size=3, max_size=3))
def test_codes_validate_or_are_skipped_when_the_check_would_be_star(counter: int,
                                                                      tag: str) -> None:
    code = format_local_code("H26.22.01", DAY, tag, counter)
    body = f"H26.22.01-261124-K{tag}{base36(counter, 3)}"
    if code is None:  # the check would be "*", ISO 7064's 37th symbol
        assert mod_37_2.calc_check_digit(body.replace(".", "").replace("-", "")) == "*"
        assert check_character(body) is None
    else:
        assert check_character(body) is not None
        assert validate_local_code(code)


def test_allocator_counts_per_day_and_survives_restarts(tmp_path: Path) -> None:
    first = LocalCodeAllocator(tmp_path, "KIOSK-A", "H26.22.01")
    codes = [first.allocate(DAY) for _ in range(60)]
    again = LocalCodeAllocator(tmp_path, "KIOSK-A", "H26.22.01")  # a restart
    codes.append(again.allocate(DAY))
    assert len(set(codes)) == len(codes)
    counters = [parse_local_code(c).counter for c in codes]
    assert counters == sorted(counters)
    assert all(validate_local_code(c) for c in codes)
    assert parse_local_code(again.allocate(date(2026, 11, 25))).counter in (1, 2)


def test_two_kiosks_never_share_a_code(tmp_path: Path) -> None:
    a = LocalCodeAllocator(tmp_path / "a", "KIOSK-A", "H26.22.01", assigned_tag="A01")
    b = LocalCodeAllocator(tmp_path / "b", "KIOSK-B", "H26.22.01", assigned_tag="A02")
    codes_a = {a.allocate(DAY) for _ in range(40)}
    codes_b = {b.allocate(DAY) for _ in range(40)}
    assert not codes_a & codes_b
    assert kiosk_tag("KIOSK-A") == kiosk_tag("KIOSK-A") != kiosk_tag("KIOSK-B")
    with pytest.raises(ValueError, match="3 letters"):
        kiosk_tag("KIOSK-A", "TOOLONG")


def test_a_damaged_counter_is_not_silently_reset(tmp_path: Path) -> None:
    allocator = LocalCodeAllocator(tmp_path, "KIOSK-A", "H26.22.01")
    allocator.allocate(DAY)
    (tmp_path / "local-code-counter.json").write_text("{broken")
    with pytest.raises(LocalCodeStoreError) as caught:
        allocator.allocate(DAY)
    assert caught.value.message_vi


def test_old_days_are_pruned(tmp_path: Path) -> None:
    allocator = LocalCodeAllocator(tmp_path, "KIOSK-A", "H26.22.01")
    for day in range(1, 29):
        allocator.allocate(date(2026, 1, day))
        allocator.allocate(date(2026, 2, day))
    state = json.loads((tmp_path / "local-code-counter.json").read_text())
    assert len(state["counters"]) == 40


def test_a_temp_file_left_by_a_killed_writer_is_swept(tmp_path):
    # A kill between mkstemp and the rename leaves ".counter-*" behind.
    (tmp_path / ".counter-abc123").write_text('{"counters": {}}', encoding="utf-8")
    allocator = LocalCodeAllocator(tmp_path, "KIOSK-A", "H26.22.01")
    allocator.allocate(date(2026, 11, 22))
    assert not list(tmp_path.glob(".counter-*"))
