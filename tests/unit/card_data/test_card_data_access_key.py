"""Access keys: check digits (ICAO vectors), MRZ information, expiry derivation tables."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.devices.card.access_key import (
    LAW_2014_AGES,
    LAW_2023_AGES,
    AccessKeyError,
    BacKey,
    bac_key_candidates,
    candidate_expiries,
    check_digit,
    document_number_from_id,
    expiry_under_law,
    mrz_information,
    parse_yymmdd,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("value", "digit"),
    [
        ("L898902C<", "3"),
        ("690806", "1"),
        ("940623", "6"),
        ("091005513", "4"),
        ("991231", "5"),
        # The full 12-digit ID at the end of a CCCD's MRZ line 1 (reference example).
        ("051091005513", "0"),
    ],
)
def test_check_digit_reference_vectors(value: str, digit: str) -> None:
    assert check_digit(value) == digit


def test_check_digit_letters_and_filler() -> None:
    # A=10 ... Z=35, '<' = 0: "A<Z" = 10*7 + 0*3 + 35*1 = 105 -> 5
    assert check_digit("A<Z") == "5"
    with pytest.raises(AccessKeyError):
        check_digit("a1")


def test_mrz_information_icao_worked_example() -> None:
    assert mrz_information("L898902C", "690806", "940623") == "L898902C<369080619406236"
    assert BacKey("L898902C<", "690806", "940623").mrz_information == "L898902C<369080619406236"


def test_mrz_information_cccd() -> None:
    assert (
        mrz_information("091005513", "910922", "991231") == "091005513491092279912315"
    )  # 910922: 63+3+0+63+6+2=137 -> 7


@pytest.mark.parametrize("bad", ["", "12345678901", "1234567890123", "00109901234a", None])
def test_document_number_requires_twelve_digits(bad: str) -> None:
    with pytest.raises(AccessKeyError) as info:
        document_number_from_id(bad)
    assert info.value.code == "bad_id_number"
    assert "12" in info.value.message_vi and "12" in info.value.message_en


def test_document_number_is_last_nine_digits() -> None:
    assert document_number_from_id("051091005513") == "091005513"
    assert document_number_from_id(" 001099012345 ") == "099012345"


@pytest.mark.parametrize(("dob", "expiry"), [("690806", "941332"), ("6908", "940623")])
def test_mrz_information_rejects_bad_dates(dob: str, expiry: str) -> None:
    with pytest.raises(AccessKeyError):
        mrz_information("L898902C", dob, expiry)


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        # Observed on real cards: expiry = the birthday at the next renewal age.
        (date(1988, 5, 5), "280505"),
        (date(1997, 2, 2), "370202"),
        (date(2004, 10, 4), "291004"),
    ],
)
def test_observed_expiries_come_first(dob: date, expected: str) -> None:
    assert candidate_expiries(dob, today=TODAY)[0] == expected
    # Those cards were issued in 2021 (chip roll-out): the derivation agrees.
    assert candidate_expiries(dob, date(2021, 6, 1))[0] == expected


@pytest.mark.parametrize(
    ("dob", "issue", "ages", "expected"),
    [
        # Issued before the 2-year window of 25 -> expires at 25.
        (date(2000, 3, 10), date(2021, 3, 9), LAW_2023_AGES, date(2025, 3, 10)),
        # Issued the first day of the window -> valid until 40.
        (date(2000, 3, 10), date(2023, 3, 10), LAW_2023_AGES, date(2040, 3, 10)),
        (date(2000, 3, 10), date(2023, 3, 9), LAW_2023_AGES, date(2025, 3, 10)),
        # Issued on the 25th birthday itself -> 40.
        (date(2000, 3, 10), date(2025, 3, 10), LAW_2023_AGES, date(2040, 3, 10)),
        # A child: 14 under the 2023 law, 25 under the 2014 law.
        (date(2015, 1, 1), date(2024, 9, 1), LAW_2023_AGES, date(2029, 1, 1)),
        (date(2015, 1, 1), date(2024, 9, 1), LAW_2014_AGES, date(2040, 1, 1)),
        # Inside the window of 14 -> 25.
        (date(2012, 6, 1), date(2025, 1, 1), LAW_2023_AGES, date(2037, 6, 1)),
        # 57 at issue -> 60; 58 and over -> never expires.
        (date(1968, 5, 20), date(2026, 5, 19), LAW_2023_AGES, date(2028, 5, 20)),
        (date(1968, 5, 20), date(2026, 5, 20), LAW_2023_AGES, None),
        (date(1960, 1, 12), date(2021, 4, 5), LAW_2014_AGES, None),
        # 29 February birthdays use 28 February in common years.
        (date(2000, 2, 29), date(2018, 1, 1), LAW_2023_AGES, date(2025, 2, 28)),
    ],
)
def test_expiry_under_law_table(
    dob: date, issue: date, ages: tuple[int, ...], expected: date | None
) -> None:
    assert expiry_under_law(dob, issue, ages) == expected


def test_candidates_order_with_issue_date() -> None:
    # 2023 law, 2014 law (here the same), then the earlier and later neighbours, then 991231.
    assert candidate_expiries(date(1997, 2, 2), date(2021, 6, 1)) == [
        "370202",
        "220202",
        "570202",
        "991231",
    ]


def test_candidates_for_a_child_list_both_laws_first() -> None:
    got = candidate_expiries(date(2015, 1, 1), date(2024, 9, 1))
    assert got[:2] == ["290101", "400101"]
    assert got[-1] == "991231"
    assert len(got) == len(set(got))


def test_candidates_without_issue_date_prefer_later_neighbour() -> None:
    # Unknown issue: next renewal, then the one after (issued in the window), then the past one.
    assert candidate_expiries(date(1988, 5, 5), today=TODAY) == [
        "280505",
        "480505",
        "130505",
        "991231",
    ]


def test_candidates_for_no_expiry_card() -> None:
    got = candidate_expiries(date(1960, 1, 12), date(2021, 4, 5))
    assert got[0] == "991231"
    assert "200112" in got  # the 60th birthday, if the card was issued just before 58
    assert len(got) == len(set(got))


def test_leap_day_birthday_tries_first_of_march() -> None:
    got = candidate_expiries(date(2000, 2, 29), date(2018, 1, 1))
    assert got[0] == "250228"
    assert "250301" in got


def test_bac_key_candidates_explicit_expiry_first() -> None:
    keys = bac_key_candidates("001099012345", "990815", expiry="391231", today=TODAY)
    assert keys[0] == BacKey("099012345", "990815", "391231")
    assert keys[1] == BacKey("099012345", "990815", "390815")
    assert [k.date_of_expiry for k in keys].count("390815") == 1
    assert keys[-1].date_of_expiry == "991231"


def test_bac_key_candidates_explicit_expiry_not_duplicated() -> None:
    keys = bac_key_candidates("001099012345", date(1999, 8, 15), expiry=date(2039, 8, 15))
    expiries = [k.date_of_expiry for k in keys]
    assert expiries[0] == "390815"
    assert len(expiries) == len(set(expiries))


def test_bac_key_candidates_document_number_override() -> None:
    keys = bac_key_candidates("001099012345", "990815", document_number="c1234567")
    assert keys[0].document_number == "C1234567"
    assert keys[0].mrz_information.startswith("C1234567<")


def test_bac_key_candidates_validate_inputs() -> None:
    with pytest.raises(AccessKeyError):
        bac_key_candidates("12345", "990815")
    with pytest.raises(AccessKeyError):
        bac_key_candidates("001099012345", "991340")
    with pytest.raises(AccessKeyError):
        bac_key_candidates("001099012345", "990815", expiry="39081")


def test_parse_yymmdd_centuries() -> None:
    assert parse_yymmdd("990815", today=TODAY) == date(1999, 8, 15)
    assert parse_yymmdd("041004", today=TODAY) == date(2004, 10, 4)
    assert parse_yymmdd("391004", today=TODAY, future=True) == date(2039, 10, 4)
    with pytest.raises(AccessKeyError):
        parse_yymmdd("990230", today=TODAY)
